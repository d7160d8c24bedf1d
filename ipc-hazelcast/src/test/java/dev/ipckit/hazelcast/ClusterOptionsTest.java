package dev.ipckit.hazelcast;

import dev.ipckit.serial.Serializers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options and the secret-derived cluster name, without a cluster. */
class ClusterOptionsTest {
    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff0123456789abcdef");

    @Test
    void shouldParseMemberAddressesAndRefuseBadOnes() {
        ClusterOptions o = ClusterOptions.defaults().withMembers(" 127.0.0.1:5701, 10.0.0.2:6000 ,");
        assertEquals(List.of("127.0.0.1:5701", "10.0.0.2:6000"), o.members());
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withMembers("127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withMembers("host:port"));
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withMembers("host:70000"));
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withMembers(","));
    }

    @Test
    void shouldRefuseWeakOrMissingSecretsAndRawBytes() {
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withSecret(new byte[15]));
        assertThrows(IllegalStateException.class, () -> ClusterOptions.defaults().secret());
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withSerializer(Serializers.raw()));
        assertThrows(IllegalArgumentException.class, () -> ClusterOptions.defaults().withWorkers(0));
    }

    @Test
    void shouldNeverShowTheSecret() {
        String s = ClusterOptions.defaults().withSecret(KEY).toString();
        assertFalse(s.contains(HexFormat.of().formatHex(KEY)), s);
        assertTrue(s.contains("<24 bytes>"), s);
    }

    @Test
    void shouldReadTheSecretFromAFileAsHexOrBytes(@TempDir Path dir) throws Exception {
        Path hex = dir.resolve("hex.key");
        Files.writeString(hex, HexFormat.of().formatHex(KEY) + "\n");
        assertArrayEquals(KEY, ClusterOptions.defaults().withSecretFile(hex).secret());
        Path raw = dir.resolve("raw.key");
        byte[] bytes = "not hex at all, but long enough".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(raw, bytes);
        assertArrayEquals(bytes, ClusterOptions.defaults().withSecretFile(raw).secret());
    }

    @Test
    void shouldDeriveTheWireNameFromTheNameAndTheSecret() {
        String a = ClusterSecret.wireName("jobs", KEY);
        assertEquals(a, ClusterSecret.wireName("jobs", KEY.clone()), "deterministic");
        assertTrue(a.startsWith("jobs-") && a.length() == "jobs-".length() + 32, a);
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertNotEquals(a, ClusterSecret.wireName("jobs", other), "another secret, another name");
        assertNotEquals(a, ClusterSecret.wireName("jobs2", KEY), "another name");
        assertFalse(a.contains(HexFormat.of().formatHex(KEY).substring(0, 8)), "the secret is not in the name");
    }
}
