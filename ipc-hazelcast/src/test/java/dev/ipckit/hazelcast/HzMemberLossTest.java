package dev.ipckit.hazelcast;

import dev.ipckit.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Members killed (SIGKILL) while they hold tasks: the tasks run again elsewhere, or fail with a
 * {@link MemberLostException} naming the member; never a silent loss or a hang. Three member JVMs; each
 * test kills one, in order, the last test the last member.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HzMemberLossTest {
    private static ClusterFixture fixture;
    private static HazelcastCluster cluster;
    private static List<ClusterFixture.Member> members;

    @BeforeAll
    static void startMembers() {
        fixture = new ClusterFixture(3, 2);
        members = new ArrayList<>(fixture.start(3));
        cluster = HazelcastCluster.connect(fixture.options());
        assertTrue(cluster.awaitMembers(3, Duration.ofSeconds(30)), "members: " + cluster.members());
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

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    /** Runs a slow map in the background, kills a member once it holds tasks, returns the map's future. */
    private static CompletableFuture<List<long[]>> mapAndKill(ClusterPool pool, ClusterFixture.Member victim, int n)
            throws InterruptedException {
        CompletableFuture<List<long[]>> map = CompletableFuture.supplyAsync(() -> pool.map(x -> {
            Thread.sleep(100);
            return new long[] {x, ProcessHandle.current().pid()};
        }, range(n), 1));
        Thread.sleep(800);
        ClusterFixture.kill(victim);
        return map;
    }

    private static void awaitMembers(ClusterPool pool, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.members().size() != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, pool.members().size(), "members: " + pool.members());
    }

    @Test
    @Order(1)
    void shouldRunTheTasksOfAKilledMemberOnAnotherAndKeepMapOrder() throws Exception {
        try (ClusterPool pool = cluster.pool()) {
            Queue<Integer> q = cluster.queue();
            for (int i = 0; i < 100; i++) {
                q.put(i);
            }
            ClusterFixture.Member victim = members.remove(0);
            List<long[]> got = mapAndKill(pool, victim, 120).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                assertEquals(i, q.poll(Duration.ofSeconds(10)), "queue items survive the member (one backup)");
            }
            assertNull(q.poll());
            q.close();
            assertEquals(120, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i, got.get(i)[0], "order");
            }
            Set<Long> pids = got.stream().map(r -> r[1]).collect(Collectors.toSet());
            assertTrue(pids.size() >= 2, "the others ran the tasks: " + pids);
            awaitMembers(pool, 2);
            assertTrue(pool.workerPids().stream().noneMatch(p -> p == victim.pid()), "victim gone from the pool");
        }
    }

    @Test
    @Order(2)
    void shouldFailWithAMemberLostExceptionNamingTheMemberWhenNotRetried() throws Exception {
        try (ClusterPool pool = cluster.pool(ClusterPoolOptions.defaults().withRetries(0))) {
            ClusterFixture.Member victim = members.remove(0);
            CompletableFuture<List<long[]>> map = mapAndKill(pool, victim, 120);
            ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(60, TimeUnit.SECONDS));
            MemberLostException lost = assertInstanceOf(MemberLostException.class, e.getCause());
            assertEquals(victim.pid(), lost.member().pid(), lost.getMessage());
            assertEquals("127.0.0.1:" + victim.port(), lost.member().address());
            assertEquals(1, lost.attempts());
            assertTrue(lost.getMessage().contains("pid " + victim.pid()), lost.getMessage());
            awaitMembers(pool, 1);
            assertEquals(range(20), pool.map(x -> x, range(20), 1), "the pool goes on with the member left");
        }
    }

    @Test
    @Order(3)
    void shouldFailQueuedTasksNamingTheLastMemberWhenNoneIsLeft() throws Exception {
        try (ClusterPool pool = cluster.pool(ClusterPoolOptions.defaults().withMemberWait(Duration.ofSeconds(2)))) {
            ClusterFixture.Member victim = members.remove(0);
            long t0 = System.nanoTime();
            CompletableFuture<List<long[]>> map = mapAndKill(pool, victim, 60);
            ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(60, TimeUnit.SECONDS));
            MemberLostException lost = assertInstanceOf(MemberLostException.class, e.getCause());
            assertEquals(victim.pid(), lost.member().pid(), lost.getMessage());
            assertTrue(lost.getMessage().contains("no member offered workers"), lost.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "no hang");
            assertEquals(0, pool.size());
        }
    }
}
