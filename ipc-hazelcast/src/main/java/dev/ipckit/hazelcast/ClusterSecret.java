package dev.ipckit.hazelcast;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared secret, as the open-source Hazelcast edition can enforce it. That edition has no member
 * authentication, TLS or socket interceptor (each says "requires Hazelcast Enterprise"), but it refuses a
 * member or client whose cluster name differs. So the name on the wire is the given name followed by an
 * HMAC-SHA256 of it under the secret: a process without the secret cannot compute it and is refused at
 * the join, before it holds any data or runs any task.
 *
 * <p>What it is not: a challenge–response. The derived name crosses the network in clear text, so
 * someone who can watch the traffic can replay it. Across untrusted networks, run the cluster inside a
 * VPN or SSH tunnel; see the module README.
 */
final class ClusterSecret {
    /** Hex digits of the HMAC kept in the name: 128 bits. */
    private static final int TAG_HEX = 32;
    private static final String CONTEXT = "ipckit.hazelcast.cluster-name:";

    private ClusterSecret() {
    }

    /**
     * @param clusterName the name the user gave
     * @param secret the shared secret
     * @return the cluster name every member and client of this cluster uses on the wire
     */
    static String wireName(String clusterName, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal((CONTEXT + clusterName).getBytes(StandardCharsets.UTF_8));
            return clusterName + "-" + HexFormat.of().formatHex(tag).substring(0, TAG_HEX);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
