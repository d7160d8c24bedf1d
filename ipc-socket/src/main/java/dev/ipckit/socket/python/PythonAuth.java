package dev.ipckit.socket.python;

import dev.ipckit.AuthenticationException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * CPython's authkey handshake ({@code multiprocessing.connection.deliver_challenge} and
 * {@code answer_challenge}), both forms: CPython 3.12+ sends {@code #CHALLENGE#{sha256}} and 40 random
 * bytes and expects {@code {sha256}} and the HMAC of the whole challenge; CPython 3.11 and earlier send 20
 * random bytes and answer with a bare 16-byte HMAC-MD5. A challenge from here is always the modern one (a
 * legacy peer answers it with HMAC-MD5 over the whole of it, which is accepted); an answer from here
 * follows the challenge's form. The side that accepts runs deliver then answer, the side that connects
 * answer then deliver: each side proves the key to the other.
 */
final class PythonAuth {
    static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    static final byte[] WELCOME = ascii("#WELCOME#");
    static final byte[] FAILURE = ascii("#FAILURE#");
    /** Random bytes in a modern challenge, as in CPython. */
    static final int MESSAGE_LENGTH = 40;
    /** The random part of a legacy challenge, and the length of a bare HMAC-MD5 answer. */
    private static final int LEGACY_MESSAGE_LENGTH = 20;
    private static final int MD5_LENGTH = 16;
    /** CPython's allowed digests, by the JCA name of their HMAC. */
    private static final Map<String, String> DIGESTS = Map.of("md5", "HmacMD5", "sha256", "HmacSHA256",
            "sha384", "HmacSHA384", "sha3_256", "HmacSHA3-256", "sha3_384", "HmacSHA3-384");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PythonAuth() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The accepting side: challenge the peer, then answer its challenge. */
    static void asServer(PythonConnection c, byte[] authkey, Duration timeout) throws IOException {
        deliver(c, authkey, timeout);
        answer(c, authkey, timeout);
    }

    /** The connecting side: answer the peer's challenge, then challenge it. */
    static void asClient(PythonConnection c, byte[] authkey, Duration timeout) throws IOException {
        answer(c, authkey, timeout);
        deliver(c, authkey, timeout);
    }

    static void deliver(PythonConnection c, byte[] authkey, Duration timeout) throws IOException {
        byte[] random = new byte[MESSAGE_LENGTH];
        RANDOM.nextBytes(random);
        byte[] message = concat(ascii("{sha256}"), random);
        c.sendBytes(concat(CHALLENGE, message));
        byte[] response = c.recvHandshake(256, timeout);
        if (verify(authkey, message, response)) {
            c.sendBytes(WELCOME);
        } else {
            c.sendBytes(FAILURE);
            throw new AuthenticationException("the Python peer's digest was wrong: it does not have the authkey");
        }
    }

    static void answer(PythonConnection c, byte[] authkey, Duration timeout) throws IOException {
        byte[] got = c.recvHandshake(256, timeout);
        if (got.length < CHALLENGE.length || !Arrays.equals(got, 0, CHALLENGE.length, CHALLENGE, 0, CHALLENGE.length)) {
            throw new AuthenticationException("protocol error: the Python peer sent no challenge");
        }
        byte[] message = Arrays.copyOfRange(got, CHALLENGE.length, got.length);
        if (message.length < LEGACY_MESSAGE_LENGTH) {
            throw new AuthenticationException("challenge too short, length=" + message.length);
        }
        c.sendBytes(response(authkey, message));
        byte[] verdict = c.recvHandshake(256, timeout);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("the Python peer refused our digest: the authkeys differ");
        }
    }

    /** @return CPython's {@code _create_response}: a bare HMAC-MD5 for a legacy challenge, else {@code {name}mac} */
    static byte[] response(byte[] authkey, byte[] message) {
        String digest = digestName(message);
        if (digest.isEmpty()) {
            return hmac("md5", authkey, message);
        }
        return concat(ascii("{" + digest + "}"), hmac(digest, authkey, message));
    }

    /** CPython's {@code _verify_challenge}: the response names its digest (or is legacy MD5) over the whole message. */
    static boolean verify(byte[] authkey, byte[] message, byte[] response) {
        String digest;
        byte[] mac;
        if (response.length == MD5_LENGTH || response.length == LEGACY_MESSAGE_LENGTH) {
            digest = "md5";
            mac = response;
        } else {
            digest = digestName(response);
            if (digest.isEmpty()) {
                return false;
            }
            mac = Arrays.copyOfRange(response, digest.length() + 2, response.length);
        }
        byte[] expected = hmac(digest, authkey, message);
        return MessageDigest.isEqual(expected, mac);
    }

    /** @return the digest a {@code {name}...} message names, or "" for a legacy one; throws for anything else */
    private static String digestName(byte[] message) {
        if (message.length == LEGACY_MESSAGE_LENGTH || message.length == MD5_LENGTH) {
            return "";
        }
        if (message.length > 2 && message[0] == '{') {
            for (int i = 1; i < Math.min(message.length, 12); i++) {
                if (message[i] == '}') {
                    String name = new String(message, 1, i - 1, StandardCharsets.US_ASCII);
                    if (DIGESTS.containsKey(name)) {
                        return name;
                    }
                    break;
                }
            }
        }
        throw new AuthenticationException("unsupported challenge or response: no legacy length and no known"
                + " {digest} prefix, length=" + message.length);
    }

    private static byte[] hmac(String digest, byte[] authkey, byte[] message) {
        try {
            String alg = DIGESTS.get(digest);
            Mac mac = Mac.getInstance(alg);
            // HMAC pads a key with zeros to its block size, so one zero byte is the empty key (which the JCA refuses)
            mac.init(new SecretKeySpec(authkey.length == 0 ? new byte[1] : authkey, alg));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("digest " + digest + " is not available in this JVM", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
