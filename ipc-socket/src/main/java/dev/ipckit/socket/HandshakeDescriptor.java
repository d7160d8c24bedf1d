package dev.ipckit.socket;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The authkey handshake every connection runs before its first frame, as Python's
 * {@code multiprocessing.connection} does, but mutual and with HMAC-SHA256 only. Each side proves it
 * holds the authkey by answering the other's fresh random challenge; the child id binds the proofs to
 * one expected child, and a role byte keeps a client's proof from ever passing as a server's.
 *
 * <pre>
 *  parent (server)                                   child (client)
 *  CHALLENGE  36 bytes  ------------------------------------------>
 *    +--------+-------------------------------+
 *    | "IPK1" | server challenge (32)         |
 *    +--------+-------------------------------+
 *             <-----------------------------------------  ANSWER  84 bytes
 *    +--------+---------------+-------------------------+-------------------------+
 *    | "IPK1" | child id (16) | client proof (32)       | client challenge (32)   |
 *    +--------+---------------+-------------------------+-------------------------+
 *  PROOF  32 bytes  ---------------------------------------------->
 *    +-------------------------------+
 *    | server proof (32)             |
 *    +-------------------------------+
 *
 *  client proof = HMAC-SHA256(authkey, server challenge ‖ child id ‖ 'C')
 *  server proof = HMAC-SHA256(authkey, client challenge ‖ child id ‖ 'S')
 * </pre>
 *
 * Proofs are compared in constant time ({@link MessageDigest#isEqual}). Frames (see
 * {@link dev.ipckit.spi.FrameDescriptor}) follow the PROOF; a side that fails closes the connection
 * without a word.
 */
final class HandshakeDescriptor {
    /** Protocol magic and version, first on both sides. */
    static final byte[] MAGIC = {'I', 'P', 'K', '1'};
    /** Bytes of a challenge. */
    static final int CHALLENGE_LENGTH = 32;
    /** Bytes of a child id. */
    static final int CHILD_ID_LENGTH = 16;
    /** Bytes of a proof (an HMAC-SHA256). */
    static final int PROOF_LENGTH = 32;
    /** Bytes of the server's CHALLENGE message. */
    static final int CHALLENGE_MESSAGE_LENGTH = MAGIC.length + CHALLENGE_LENGTH;
    /** Offset of the child id in ANSWER. */
    static final int ANSWER_CHILD_ID_OFFSET = MAGIC.length;
    /** Offset of the client's proof in ANSWER. */
    static final int ANSWER_PROOF_OFFSET = ANSWER_CHILD_ID_OFFSET + CHILD_ID_LENGTH;
    /** Offset of the client's challenge in ANSWER. */
    static final int ANSWER_CHALLENGE_OFFSET = ANSWER_PROOF_OFFSET + PROOF_LENGTH;
    /** Bytes of the client's ANSWER message. */
    static final int ANSWER_MESSAGE_LENGTH = ANSWER_CHALLENGE_OFFSET + CHALLENGE_LENGTH;
    /** Bytes of the server's PROOF message. */
    static final int PROOF_MESSAGE_LENGTH = PROOF_LENGTH;
    /** Role byte of the client's proof. */
    static final byte CLIENT_ROLE = 'C';
    /** Role byte of the server's proof. */
    static final byte SERVER_ROLE = 'S';
    /** The shortest authkey the handshake accepts (ipckit's own are 32 bytes). */
    static final int MIN_AUTHKEY_LENGTH = 16;

    private static final int SHA256_BLOCK = 64;

    private HandshakeDescriptor() {
    }

    /**
     * HMAC-SHA256 (RFC 2104) over {@code challenge ‖ childId ‖ role}. Written over {@link MessageDigest}
     * rather than {@code javax.crypto.Mac}: a child then loads no JCE provider and no crypto policy, which
     * measured 40 ms of its start-up; a test checks it against {@code Mac} for random inputs.
     *
     * @param authkey the shared secret
     * @param challenge the challenge answered
     * @param childId the child id
     * @param role {@link #CLIENT_ROLE} or {@link #SERVER_ROLE}
     * @return the proof
     */
    static byte[] proof(byte[] authkey, byte[] challenge, byte[] childId, byte role) {
        MessageDigest sha = sha256();
        byte[] key = authkey.length > SHA256_BLOCK ? sha.digest(authkey) : authkey;
        byte[] pad = Arrays.copyOf(key, SHA256_BLOCK);
        for (int i = 0; i < pad.length; i++) {
            pad[i] ^= 0x36;
        }
        sha.update(pad);
        sha.update(challenge);
        sha.update(childId);
        sha.update(role);
        byte[] inner = sha.digest();
        for (int i = 0; i < pad.length; i++) {
            pad[i] ^= 0x36 ^ 0x5c;
        }
        sha.update(pad);
        Arrays.fill(pad, (byte) 0);
        return sha.digest(inner);
    }

    /**
     * The client's ANSWER to a CHALLENGE message.
     *
     * @param authkey the shared secret
     * @param childId the child id
     * @param challengeMessage the server's 36-byte CHALLENGE
     * @param clientChallenge the client's own fresh challenge
     * @return the 84-byte ANSWER
     * @throws IllegalArgumentException if the CHALLENGE lacks the magic
     */
    static byte[] answer(byte[] authkey, byte[] childId, byte[] challengeMessage, byte[] clientChallenge) {
        if (!hasMagic(challengeMessage, 0)) {
            throw new IllegalArgumentException("the server is not an ipckit parent (bad handshake magic)");
        }
        byte[] serverChallenge = Arrays.copyOfRange(challengeMessage, MAGIC.length, CHALLENGE_MESSAGE_LENGTH);
        byte[] answer = new byte[ANSWER_MESSAGE_LENGTH];
        System.arraycopy(MAGIC, 0, answer, 0, MAGIC.length);
        System.arraycopy(childId, 0, answer, ANSWER_CHILD_ID_OFFSET, CHILD_ID_LENGTH);
        System.arraycopy(proof(authkey, serverChallenge, childId, CLIENT_ROLE), 0, answer, ANSWER_PROOF_OFFSET,
                PROOF_LENGTH);
        System.arraycopy(clientChallenge, 0, answer, ANSWER_CHALLENGE_OFFSET, CHALLENGE_LENGTH);
        return answer;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
        }
    }

    /**
     * @param authkey the key to check
     * @return whether a handshake can use it
     */
    static boolean usableKey(byte[] authkey) {
        return authkey != null && authkey.length >= MIN_AUTHKEY_LENGTH;
    }

    /**
     * @param a a proof
     * @param b another
     * @return whether they are equal, in time independent of where they differ
     */
    static boolean sameProof(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /**
     * @param bytes bytes received
     * @param offset where the magic should be
     * @return whether the magic is there
     */
    static boolean hasMagic(byte[] bytes, int offset) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[offset + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
