package dev.ipckit.hazelcast;

import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.RemoteException;
import dev.ipckit.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool contract of the local pool ({@code PoolContract} in ipc-tck), on two member JVMs with two
 * workers each, shared by the tests of this class; plus what only a cluster has: results from both
 * members in order, shared inputs read once per member, large functions stored once.
 */
@Timeout(60)
class HzPoolTest {
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

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void shouldMapInInputOrderAcrossMembersAtEveryChunkSize() {
        try (ClusterPool pool = cluster.pool()) {
            assertEquals(4, pool.size());
            assertEquals(memberPids, new HashSet<>(pool.workerPids()));
            List<Integer> in = range(1000);
            List<Integer> want = in.stream().map(x -> x * x).toList();
            assertEquals(want, pool.map(x -> x * x, in));
            for (int chunksize : new int[] {1, 7, 1000, 5000}) {
                assertEquals(want, pool.map(x -> x * x, in, chunksize), "chunksize=" + chunksize);
            }
            assertEquals(List.of(), pool.map(x -> x, List.of(), 3));
            List<long[]> ran = pool.map(x -> {
                Thread.sleep(5);
                return new long[] {x, ProcessHandle.current().pid()};
            }, range(40), 1);
            for (int i = 0; i < 40; i++) {
                assertEquals(i, ran.get(i)[0], "order");
            }
            Set<Long> pids = ran.stream().map(r -> r[1]).collect(Collectors.toSet());
            assertEquals(memberPids, pids, "both members ran tasks");
        }
    }

    @Test
    void shouldStarmapPairsAndReportProgress() {
        List<long[]> seen = new CopyOnWriteArrayList<>();
        try (ClusterPool pool = cluster.pool(ClusterPoolOptions.defaults()
                .withProgress((done, total) -> seen.add(new long[] {done, total})))) {
            List<Map.Entry<Integer, String>> pairs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pairs.add(Map.entry(i, "x"));
            }
            List<String> got = pool.starmap((n, s) -> s.repeat(n % 3), pairs, 4);
            assertEquals(30, got.size());
            assertEquals("xx", got.get(5));
            assertTrue(seen.stream().anyMatch(p -> p[0] == 30 && p[1] == 30), "final progress 30/30");
        }
    }

    @Test
    void shouldRunExecutorServiceCalls() throws Exception {
        try (ClusterPool pool = cluster.pool()) {
            Future<Long> pid = pool.submit((Callable<Long> & Serializable) () -> ProcessHandle.current().pid());
            assertTrue(memberPids.contains(pid.get(30, TimeUnit.SECONDS)));
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                calls.add((Callable<Integer> & Serializable) () -> n * 10);
            }
            List<Integer> got = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                got.add(f.get());
            }
            assertEquals(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90), got);
            assertEquals(0, pool.invokeAny(calls) % 10);
            assertEquals("hi!", pool.applyAsync(s -> s + "!", "hi").get(30, TimeUnit.SECONDS));
            assertThrows(SerializationException.class, () -> pool.submit(() -> 1));
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(pool.isTerminated());
            assertThrows(RejectedExecutionException.class, () -> pool.map(x -> x, range(3)));
        }
    }

    @Test
    void shouldCarryATaskExceptionWithTheMembersStackTrace() {
        try (ClusterPool pool = cluster.pool()) {
            RemoteException e = assertThrows(RemoteException.class,
                    () -> pool.map(x -> x == 37 ? HzPoolTest.fail(x) : x, range(100), 10));
            assertEquals(IllegalStateException.class.getName(), e.remoteClassName());
            assertTrue(e.remoteTrace().contains("at dev.ipckit.hazelcast.HzPoolTest.fail"), e.remoteTrace());
            assertTrue(e.getMessage().contains("member 127.0.0.1:"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals(List.of(1, 2, 3), pool.map(x -> x, List.of(1, 2, 3)), "the pool goes on");
        }
    }

    static int fail(int x) {
        throw new IllegalStateException("task " + x + " failed");
    }

    @Test
    void shouldReturnUnserializableResultsAndArgumentsAsErrors() throws Exception {
        try (ClusterPool pool = cluster.pool()) {
            ExecutionException result = assertThrows(ExecutionException.class,
                    () -> pool.applyAsync(x -> Thread.currentThread(), 1).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SerializationException.class, result.getCause());
            Thread notSerializable = Thread.currentThread();
            assertThrows(SerializationException.class, () -> pool.applyAsync(x -> 1, notSerializable));
            assertThrows(SerializationException.class, () -> pool.map(x -> notSerializable.getName() + x, range(3)));
            assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)));
        }
    }

    @Test
    void shouldFailATaskPastItsTimeoutAndInterruptIt() throws Exception {
        try (ClusterPool pool = cluster.pool(ClusterPoolOptions.defaults().withTaskTimeout(Duration.ofMillis(500)))) {
            CompletableFuture<String> slow = pool.applyAsync(x -> {
                try {
                    Thread.sleep(60_000);
                    return "slept";
                } catch (InterruptedException e) {
                    return "interrupted";
                }
            }, 0);
            List<CompletableFuture<Integer>> fast = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fast.add(pool.applyAsync(x -> x * 2, i));
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(30, TimeUnit.SECONDS));
            assertInstanceOf(IpcTimeoutException.class, e.getCause());
            for (int i = 0; i < 10; i++) {
                assertEquals(i * 2, fast.get(i).get(30, TimeUnit.SECONDS));
            }
            assertEquals(range(5), pool.map(x -> x, range(5)));
        }
    }

    @Test
    void shouldFailClearlyWhenTheInitializerFails() {
        try (ClusterPool pool = cluster.pool(ClusterPoolOptions.defaults()
                .withInitializer(() -> { throw new IllegalStateException("no database"); }))) {
            IpcException e = assertThrows(IpcException.class, () -> pool.map(x -> x, range(10)));
            assertTrue(e.getMessage().contains("initializer failed"), e.getMessage());
            assertTrue(e.getMessage().contains("no database"), e.getMessage());
            assertThrows(IpcException.class, () -> pool.map(x -> x, range(10)));
        }
    }

    @Test
    void shouldRunTheInitializerOncePerMember() {
        String property = "ipckit.test.init." + System.nanoTime();
        try (ClusterPool pool = cluster.pool(ClusterPoolOptions.defaults().withInitializer(() ->
                System.setProperty(property, Integer.toString(Integer.getInteger(property, 0) + 1))))) {
            List<String> got = pool.map(x -> {
                Thread.sleep(2);
                return ProcessHandle.current().pid() + "=" + System.getProperty(property);
            }, range(40), 1);
            Set<String> distinct = new HashSet<>(got);
            assertEquals(memberPids.stream().map(p -> p + "=1").collect(Collectors.toSet()), distinct);
        }
    }

    @Test
    void shouldCancelAQueuedTask() throws Exception {
        try (ClusterPool pool = cluster.pool()) {
            List<CompletableFuture<String>> busy = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                busy.add(pool.applyAsync(x -> {
                    Thread.sleep(1000);
                    return "busy";
                }, i));
            }
            Future<Integer> queued = pool.submit((Callable<Integer> & Serializable) () -> 1);
            Future<Integer> later = pool.submit((Callable<Integer> & Serializable) () -> 2);
            assertTrue(queued.cancel(true));
            assertTrue(queued.isCancelled());
            assertThrows(CancellationException.class, queued::get);
            for (CompletableFuture<String> b : busy) {
                assertEquals("busy", b.get(30, TimeUnit.SECONDS));
            }
            assertEquals(2, later.get(30, TimeUnit.SECONDS));
        }
    }

    /** An endless input that counts how far it was read. */
    static final class Naturals implements Iterator<Integer> {
        final AtomicInteger read = new AtomicInteger();

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Integer next() {
            return read.getAndIncrement();
        }
    }

    @Test
    void shouldReadAnEndlessInputLazily() {
        try (ClusterPool pool = cluster.pool()) {
            Naturals in = new Naturals();
            Iterator<Integer> out = pool.imap(x -> x + 1, in, 4);
            for (int i = 0; i < 50; i++) {
                assertEquals(i + 1, out.next());
            }
            assertTrue(in.read.get() < 50 + 200, "read far ahead of the consumer: " + in.read.get());
            Naturals in2 = new Naturals();
            Iterator<Integer> unordered = pool.imapUnordered(x -> x, in2, 2);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                seen.add(unordered.next());
            }
            assertEquals(30, seen.size());
            assertTrue(in2.read.get() < 30 + 200, "read far ahead: " + in2.read.get());
        }
    }

    @Test
    void shouldTimeOutAWholeMap() {
        try (ClusterPool pool = cluster.pool()) {
            assertThrows(IpcTimeoutException.class, () -> pool.map(x -> {
                Thread.sleep(300);
                return x;
            }, range(40), 1, Duration.ofMillis(500)));
            assertEquals(range(4), pool.map(x -> x, range(4)));
        }
    }

    @Test
    void shouldShareALargeInputOnceAndSendTasksOnlyItsKey() {
        double[] table = new double[500_000];
        for (int i = 0; i < table.length; i++) {
            table[i] = i * 0.5;
        }
        try (ClusterPool pool = cluster.pool(); Shared<double[]> shared = cluster.share(table)) {
            assertTrue(shared.sizeBytes() > 4_000_000, "size " + shared.sizeBytes());
            dev.ipckit.Fn<Integer, String> fn = i -> ProcessHandle.current().pid() + ":"
                    + System.identityHashCode(shared.get()) + ":" + shared.get()[i * 1000];
            int fnBytes = cluster.options().serializer().encode(fn).length;
            assertTrue(fnBytes < 2_000, "the function carries the key, not the value: " + fnBytes + " bytes");
            List<String> got = pool.map(fn, range(100), 1);
            Map<String, Set<String>> copiesPerMember = got.stream().map(s -> s.split(":"))
                    .collect(Collectors.groupingBy(p -> p[0], Collectors.mapping(p -> p[1], Collectors.toSet())));
            assertEquals(memberPids.size(), copiesPerMember.size(), "both members ran tasks: " + copiesPerMember.keySet());
            copiesPerMember.forEach((pid, copies) -> assertEquals(1, copies.size(), "decoded once on " + pid));
            for (int i = 0; i < 100; i++) {
                assertEquals(Double.toString(i * 1000 * 0.5), got.get(i).split(":")[2]);
            }
        }
    }

    @Test
    void shouldStoreALargeFunctionOnceAndRemoveItAfterTheMap() throws Exception {
        int[] big = new int[ClusterPool.INLINE_LIMIT];
        java.util.Arrays.fill(big, 3);
        try (ClusterPool pool = cluster.pool()) {
            List<Integer> got = pool.map(x -> x + big[x], range(200), 1);
            assertEquals(range(200).stream().map(x -> x + 3).toList(), got);
            com.hazelcast.map.IMap<String, byte[]> fns = cluster.hazelcast().getMap(HzConfigs.FN_MAP);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (fns.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, fns.size(), "the function left the cluster after its map");
        }
    }

    @Test
    void shouldRefuseWorkEncodedWithAnotherSerializerThanTheMembers() throws Exception {
        try (HazelcastCluster javaClient = HazelcastCluster.connect(fixture.options()
                .withSerializer(dev.ipckit.serial.Serializers.java()));
             ClusterPool pool = javaClient.pool()) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> pool.applyAsync(x -> x, 1).get(30, TimeUnit.SECONDS));
            SerializationException s = assertInstanceOf(SerializationException.class, e.getCause());
            assertTrue(s.getMessage().contains("another serializer"), s.getMessage());
        }
    }

    @Test
    void shouldFailWhatIsLeftWhenTheConnectionIsClosedNotHang() throws Exception {
        HazelcastCluster second = HazelcastCluster.connect(fixture.options());
        assertTrue(second.awaitMembers(2, Duration.ofSeconds(30)));
        ClusterPool pool = second.pool();
        CompletableFuture<List<Integer>> map = CompletableFuture.supplyAsync(() -> pool.map(x -> {
            Thread.sleep(100);
            return x;
        }, range(200), 1));
        Thread.sleep(500);
        second.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(20, TimeUnit.SECONDS));
        assertInstanceOf(dev.ipckit.PeerClosedException.class, e.getCause());
        assertTrue(pool.isTerminated());
        assertThrows(dev.ipckit.PeerClosedException.class, () -> pool.map(x -> x, range(3)));
    }

    @Test
    void shouldEndThePoolButNotTheMembersOnClose() {
        ClusterPool pool = cluster.pool();
        assertEquals(range(10), pool.map(x -> x, range(10)));
        pool.close();
        assertTrue(pool.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> pool.map(x -> x, range(3)));
        assertEquals(2, cluster.members().size());
        try (ClusterPool again = cluster.pool()) {
            assertEquals(range(10), again.map(x -> x, range(10)));
        }
        assertFalse(cluster.members().isEmpty());
    }
}
