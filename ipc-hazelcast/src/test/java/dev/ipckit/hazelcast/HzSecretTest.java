package dev.ipckit.hazelcast;

import dev.ipckit.AuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member or client without the cluster's secret is refused: by the probe before a member starts (a
 * typed error), and by Hazelcast's join itself when the probe is skipped (the member stays alone). A
 * member with the right secret on the same port is admitted, so the refusals are the secret's doing.
 */
@Timeout(90)
class HzSecretTest {
    private static ClusterFixture fixture;
    private static HazelcastCluster cluster;

    @BeforeAll
    static void startMember() {
        fixture = new ClusterFixture(3, 1);
        fixture.start(1);
        cluster = HazelcastCluster.connect(fixture.options());
        assertTrue(cluster.awaitMembers(1, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopMembers() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            fixture.close();
        }
    }

    private static byte[] wrongSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Test
    void shouldRefuseAMemberWithTheWrongSecretAndAdmitOneWithTheRightSecret() throws Exception {
        ClusterOptions wrong = fixture.options().withSecret(wrongSecret());

        String probed = fixture.startOne(wrong.withPort(fixture.port(1)), true);
        assertNotNull(probed, "no report from the member with the wrong secret");
        assertTrue(probed.startsWith("error " + AuthenticationException.class.getName()), probed);
        assertTrue(probed.contains("refused this cluster name or secret"), probed);

        String joined = fixture.startOne(wrong.withPort(fixture.port(2)), false);
        assertNotNull(joined);
        assertTrue(joined.startsWith("up ") && joined.endsWith(" size=1"), "alone in a cluster of its own: " + joined);
        Thread.sleep(2000); // time for a join or merge attempt, which must not succeed
        assertEquals(1, cluster.members().size(), "members: " + cluster.members());

        String right = fixture.startOne(fixture.options().withPort(fixture.port(1)), true);
        assertNotNull(right);
        assertTrue(right.startsWith("up ") && right.endsWith(" size=2"), "joined: " + right);
        assertTrue(cluster.awaitMembers(2, Duration.ofSeconds(20)));
        assertEquals(2, cluster.members().size(), "members: " + cluster.members());
    }

    @Test
    void shouldRefuseAClientWithTheWrongSecretOrClusterName() {
        ClusterOptions wrong = fixture.options().withSecret(wrongSecret()).withJoinTimeout(Duration.ofSeconds(10))
                .withMembers(List.of("127.0.0.1:" + fixture.port(0)));
        AuthenticationException e = assertThrows(AuthenticationException.class, () -> HazelcastCluster.connect(wrong));
        assertTrue(e.getMessage().contains(fixture.options().clusterName()), e.getMessage());
        assertThrows(AuthenticationException.class, () -> HazelcastCluster.connect(fixture.options()
                .withClusterName("another").withJoinTimeout(Duration.ofSeconds(10))
                .withMembers(List.of("127.0.0.1:" + fixture.port(0)))));
    }
}
