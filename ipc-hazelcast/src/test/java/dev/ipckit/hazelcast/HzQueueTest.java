package dev.ipckit.hazelcast;

import dev.ipckit.PeerClosedException;
import dev.ipckit.Queue;
import dev.ipckit.QueueClosedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue contract of the local queue ({@code QueueContract} in ipc-tck) on a Hazelcast IQueue, with
 * two member JVMs: the four forms from this process and from a task on a member, producers and consumers
 * on different members, close semantics.
 */
@Timeout(60)
class HzQueueTest {
    private static final int STOP = -1;
    private static ClusterFixture fixture;
    private static HazelcastCluster cluster;
    private static Set<Long> memberPids;

    @BeforeAll
    static void startMembers() {
        fixture = new ClusterFixture(2, 2);
        memberPids = fixture.start(2).stream().map(ClusterFixture.Member::pid).collect(Collectors.toSet());
        cluster = HazelcastCluster.connect(fixture.options());
        assertTrue(cluster.awaitMembers(2, Duration.ofSeconds(30)), "members: " + cluster.members());
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

    @Test
    void shouldHonourTheFourFormsOnABoundedQueueHere() {
        Queue<String> q = cluster.queue(2);
        assertEquals(2, q.capacity());
        assertTrue(q.offer("a"));
        q.add("b");
        assertFalse(q.offer("c"));
        assertThrows(IllegalStateException.class, () -> q.add("c"));
        long t0 = System.nanoTime();
        assertFalse(q.offer("c", Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(290).toNanos());
        assertEquals(2, q.size());
        assertEquals("a", q.remove());
        assertEquals("b", q.poll());
        assertNull(q.poll());
        assertThrows(NoSuchElementException.class, q::remove);
        t0 = System.nanoTime();
        assertNull(q.poll(Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(290).toNanos());
        assertThrows(NullPointerException.class, () -> q.put(null));
        q.close();
    }

    @Test
    void shouldHonourTheFourFormsFromATaskOnAMember() throws Exception {
        Queue<String> q = cluster.queue(2);
        try (ClusterPool pool = cluster.pool()) {
            String report = pool.applyAsync(x -> {
                List<String> r = new ArrayList<>();
                r.add("offer a=" + q.offer("a"));
                q.add("b");
                r.add("offer c=" + q.offer("c"));
                try {
                    q.add("c");
                    r.add("add c=accepted");
                } catch (IllegalStateException e) {
                    r.add("add c=full");
                }
                long t0 = System.nanoTime();
                boolean timed = q.offer("c", Duration.ofMillis(300));
                r.add("offer c timeout=" + timed + " waited=" + ((System.nanoTime() - t0) >= 290_000_000L));
                r.add("size=" + q.size());
                r.add("remove=" + q.remove() + " poll=" + q.poll() + " poll=" + q.poll());
                try {
                    q.remove();
                    r.add("remove empty=returned");
                } catch (NoSuchElementException e) {
                    r.add("remove empty=thrown");
                }
                t0 = System.nanoTime();
                String none = q.poll(Duration.ofMillis(300));
                r.add("poll timeout=" + none + " waited=" + ((System.nanoTime() - t0) >= 290_000_000L));
                return String.join(", ", r);
            }, 0).get(30, TimeUnit.SECONDS);
            assertEquals("offer a=true, offer c=false, add c=full, offer c timeout=false waited=true, size=2, "
                    + "remove=a poll=b poll=null, remove empty=thrown, poll timeout=null waited=true", report);
        }
        q.close();
    }

    @Test
    void shouldDeliverEachItemOnceWithProducersAndConsumersOnDifferentMembers() throws Exception {
        int perProducer = 1000;
        Queue<Integer> work = cluster.queue(64);
        Queue<long[]> done = cluster.queue();
        try (ClusterPool pool = cluster.pool()) {
            // four long tasks on two members of two workers: the pool gives each to the freest member, ties
            // in member order, so the producers land one per member and so do the consumers
            List<CompletableFuture<Long>> producers = new ArrayList<>();
            List<CompletableFuture<Long>> consumers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                producers.add(pool.applyAsync(base -> {
                    for (int i = 0; i < perProducer; i++) {
                        work.put(base + i);
                    }
                    return ProcessHandle.current().pid();
                }, p * perProducer));
            }
            for (int c = 0; c < 2; c++) {
                consumers.add(pool.applyAsync(x -> {
                    long pid = ProcessHandle.current().pid();
                    while (true) {
                        int item = work.take();
                        if (item == STOP) {
                            return pid;
                        }
                        done.put(new long[] {item, pid});
                    }
                }, 0));
            }
            Set<Long> producerPids = new HashSet<>();
            for (CompletableFuture<Long> f : producers) {
                producerPids.add(f.get(30, TimeUnit.SECONDS));
            }
            for (int c = 0; c < consumers.size(); c++) {
                work.put(STOP);
            }
            Set<Long> consumerPids = new HashSet<>();
            for (CompletableFuture<Long> f : consumers) {
                consumerPids.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(memberPids, producerPids, "a producer on each member");
            assertEquals(memberPids, consumerPids, "a consumer on each member");
            Set<Long> seen = new HashSet<>();
            Set<Long> consumedOn = new HashSet<>();
            long[] d;
            while ((d = done.poll()) != null) {
                assertTrue(seen.add(d[0]), "duplicate " + d[0]);
                consumedOn.add(d[1]);
            }
            assertEquals(2 * perProducer, seen.size(), "items lost");
            assertEquals(memberPids, consumedOn, "both consumers took items");
            assertEquals(0, work.size());
        }
        work.close();
        done.close();
    }

    @Test
    void shouldWakeABlockedTakeOnAMemberAndFailItAfterTheDrainWhenClosed() throws Exception {
        Queue<String> q = cluster.queue();
        try (ClusterPool pool = cluster.pool()) {
            CompletableFuture<String> taker = pool.applyAsync(x -> {
                List<String> r = new ArrayList<>();
                r.add(q.take());
                r.add(q.take());
                try {
                    r.add(q.take());
                } catch (PeerClosedException e) {
                    r.add("closed");
                }
                return String.join(",", r);
            }, 0);
            q.put("x");
            Thread.sleep(300);
            q.put("y");
            q.close();
            assertEquals("x,y,closed", taker.get(30, TimeUnit.SECONDS));
            // the owner's own handle: misuse on this side, not a peer that left
            assertThrows(QueueClosedException.class, () -> q.put("z"));
            assertThrows(QueueClosedException.class, q::poll);
        }
    }

    @Test
    void shouldEndOnlyItsOwnUseWhenAHandleInATaskIsClosed() throws Exception {
        Queue<String> q = cluster.queue();
        try (ClusterPool pool = cluster.pool()) {
            String r = pool.applyAsync(x -> {
                q.put("from task");
                q.close();
                try {
                    q.put("after close");
                    return "accepted";
                } catch (QueueClosedException e) {
                    return "refused";
                }
            }, 0).get(30, TimeUnit.SECONDS);
            assertEquals("refused", r);
            q.put("still open");
            assertEquals("from task", q.poll(Duration.ofSeconds(5)));
            assertEquals("still open", q.poll(Duration.ofSeconds(5)));
        }
        q.close();
    }

    @Test
    void shouldRefuseANameTakenWithAnotherCapacity() {
        String name = "named-" + System.nanoTime();
        Queue<Integer> q = cluster.queue(name, 5);
        assertThrows(IllegalArgumentException.class, () -> cluster.queue(name, 6));
        q.put(1);
        assertEquals(1, cluster.<Integer>queue(name, 5).poll());
        q.close();
    }
}
