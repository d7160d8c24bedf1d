package dev.ipckit.socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The handshake's HMAC is RFC 2104 HMAC-SHA256, checked against the JDK's own. */
@Timeout(30)
class HandshakeDescriptorTest {

    @Test
    void shouldComputeTheSameHmacAsTheJdk() throws Exception {
        Random r = new Random(17);
        for (int keyLength : new int[] {16, 32, 63, 64, 65, 200}) {
            byte[] key = new byte[keyLength];
            byte[] challenge = new byte[32];
            byte[] id = new byte[16];
            r.nextBytes(key);
            r.nextBytes(challenge);
            r.nextBytes(id);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(challenge);
            mac.update(id);
            mac.update(HandshakeDescriptor.CLIENT_ROLE);
            assertArrayEquals(mac.doFinal(), HandshakeDescriptor.proof(key, challenge, id, HandshakeDescriptor.CLIENT_ROLE));
        }
    }

    @Test
    void shouldTellTheRolesApart() {
        byte[] key = new byte[32];
        byte[] c = new byte[32];
        byte[] id = new byte[16];
        assertFalse(HandshakeDescriptor.sameProof(HandshakeDescriptor.proof(key, c, id, HandshakeDescriptor.CLIENT_ROLE),
                HandshakeDescriptor.proof(key, c, id, HandshakeDescriptor.SERVER_ROLE)));
    }

    @Test
    void shouldRefuseAChallengeWithoutTheMagic() {
        assertThrows(IllegalArgumentException.class, () -> HandshakeDescriptor.answer(new byte[32], new byte[16],
                new byte[HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH], new byte[32]));
    }

    @Test
    void shouldRefuseShortKeys() {
        assertFalse(HandshakeDescriptor.usableKey(null));
        assertFalse(HandshakeDescriptor.usableKey(new byte[8]));
    }
}
