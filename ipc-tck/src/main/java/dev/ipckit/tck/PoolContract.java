package dev.ipckit.tck;

import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PoolOptions;
import dev.ipckit.Pool;
import dev.ipckit.RemoteException;
import dev.ipckit.SerializationException;
import dev.ipckit.WorkerDiedException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process pool, on real worker processes. */
public abstract class PoolContract extends ContractBase {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    private Pool pool(int workers) {
        return ctx().pool(workers);
    }

    @Test
    public void shouldMapInInputOrderAtEveryChunkSize() {
        try (Pool pool = pool(2)) {
            List<Integer> in = range(1000);
            List<Integer> want = in.stream().map(x -> x * x).toList();
            assertEquals(want, pool.map(x -> x * x, in));
            for (int chunksize : new int[] {1, 7, 1000, 5000}) {
                assertEquals(want, pool.map(x -> x * x, in, chunksize), "chunksize=" + chunksize);
            }
            assertEquals(List.of(), pool.map(x -> x, List.of(), 3));
        }
    }

    @Test
    public void shouldKeepEveryValueAndItsTypeWhateverAChunkHolds() {
        try (Pool pool = pool(2)) {
            List<Long> longs = List.of(1L, Long.MAX_VALUE, Long.MIN_VALUE, 0L);
            assertEquals(List.of(2L, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1L), pool.map(x -> x + 1, longs, 4));
            List<Double> doubles = List.of(0.5, -0.0, Double.NaN, Double.MAX_VALUE);
            List<Object> halves = pool.map(x -> (Object) (x / 2), doubles, 4);
            assertEquals(List.of(0.25, -0.0, Double.NaN, Double.MAX_VALUE / 2), halves);
            halves.forEach(h -> assertInstanceOf(Double.class, h));
            assertEquals(List.of("A", "", "Ü"), pool.map(String::toUpperCase, List.of("a", "", "ü"), 3));
            // ints that come back as something else, mixed types, nulls among ints: each value as it was
            assertEquals(List.of(1L, 2L, 3L), pool.map(x -> (long) x, List.of(1, 2, 3), 3));
            List<Object> mixed = new ArrayList<>(List.of(1, 2L, "three", 4.0));
            mixed.add(null);
            mixed.add(6);
            assertEquals(mixed, pool.map(x -> x, mixed, 6));
            List<Integer> withNull = new ArrayList<>(List.of(1, 2));
            withNull.add(null);
            List<Object> nulls = new ArrayList<>(List.of(1, 2));
            nulls.add(null);
            assertEquals(nulls, pool.map(x -> (Object) x, withNull, 3));
        }
    }

    @Test
    public void shouldSpreadSlowTasksOverIdleWorkers() {
        try (Pool pool = pool(2)) {
            Set<Long> up = new HashSet<>();
            while (up.size() < 2) { // both workers ready
                up.addAll(pool.map(x -> {
                    Thread.sleep(50);
                    return ProcessHandle.current().pid();
                }, List.of(0, 1), 1));
            }
            List<Long> pids = pool.map(x -> {
                Thread.sleep(100);
                return ProcessHandle.current().pid();
            }, range(8), 1);
            assertEquals(2, new HashSet<>(pids).size(), "an idle worker takes work while the other is busy: " + pids);
            long first = pids.stream().filter(p -> p.equals(pids.get(0))).count();
            assertTrue(first >= 2 && first <= 6, "spread over both, not piled on one: " + pids);
        }
    }

    @Test
    public void shouldStarmapPairsAndReportProgress() {
        List<long[]> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2)
                .withProgress((done, total) -> seen.add(new long[] {done, total})))) {
            List<java.util.Map.Entry<Integer, String>> pairs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pairs.add(java.util.Map.entry(i, "x"));
            }
            List<String> got = pool.starmap((n, s) -> s.repeat(n % 3), pairs, 4);
            assertEquals(30, got.size());
            assertEquals("xx", got.get(5));
            assertEquals(30, seen.stream().mapToLong(p -> p[0]).max().orElse(0));
            assertTrue(seen.stream().anyMatch(p -> p[0] == 30 && p[1] == 30), "final progress 30/30");
        }
    }

    @Test
    public void shouldRunExecutorServiceCalls() throws Exception {
        try (Pool pool = pool(2)) {
            Future<Long> pid = pool.submit((Callable<Long> & Serializable) () -> ProcessHandle.current().pid());
            assertTrue(pid.get(30, TimeUnit.SECONDS) != ProcessHandle.current().pid());
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
            int any = pool.invokeAny(calls);
            assertTrue(any % 10 == 0);
            CompletableFuture<String> cf = pool.applyAsync(s -> s + "!", "hi");
            assertEquals("hi!", cf.get(30, TimeUnit.SECONDS));
            assertThrows(SerializationException.class, () -> pool.submit(() -> 1));
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(pool.isTerminated());
        }
    }

    @Test
    public void shouldCarryATaskExceptionWithTheWorkersStackTrace() {
        try (Pool pool = pool(2)) {
            RemoteException e = assertThrows(RemoteException.class,
                    () -> pool.map(x -> x == 37 ? PoolContract.fail(x) : x, range(100), 10));
            assertEquals(IllegalStateException.class.getName(), e.remoteClassName());
            assertTrue(e.remoteTrace().contains("fail"), e.remoteTrace());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals(List.of(1, 2, 3), pool.map(x -> x, List.of(1, 2, 3)), "the pool goes on");
        }
    }

    static int fail(int x) {
        throw new IllegalStateException("task " + x + " failed");
    }

    @Test
    public void shouldReturnUnserializableResultsAndExceptionsAsErrors() throws Exception {
        try (Pool pool = pool(1)) {
            ExecutionException result = assertThrows(ExecutionException.class,
                    () -> pool.applyAsync(x -> Thread.currentThread(), 1).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SerializationException.class, result.getCause());
            ExecutionException thrown = assertThrows(ExecutionException.class,
                    () -> pool.applyAsync(x -> { throw new ProcessContract.UnserializableFailure("odd"); }, 1)
                            .get(30, TimeUnit.SECONDS));
            RemoteException r = assertInstanceOf(RemoteException.class, thrown.getCause());
            assertTrue(r.remoteTrace().contains("odd"), r.remoteTrace());
            assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)));
        }
    }

    @Test
    public void shouldFailOnlyTheTasksOfAWorkerThatDiesAndReplaceIt() throws Exception {
        try (Pool pool = pool(2)) {
            CompletableFuture<Object> dies = pool.applyAsync(x -> {
                Thread.sleep(200);
                Runtime.getRuntime().halt(3);
                return null;
            }, 0);
            List<CompletableFuture<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                others.add(pool.applyAsync(x -> {
                    Thread.sleep(20);
                    return x;
                }, i));
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> dies.get(60, TimeUnit.SECONDS));
            WorkerDiedException w = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(3, w.exitCode());
            assertTrue(w.pid() > 0);
            for (int i = 0; i < 20; i++) {
                assertEquals(i, others.get(i).get(60, TimeUnit.SECONDS));
            }
            assertEquals(range(10), pool.map(x -> x, range(10), 1));
        }
    }

    @Test
    public void shouldReportAWorkerKilledMidMapAndGoOn() throws Exception {
        try (Pool pool = pool(2)) {
            long victim = pool.workerPids().get(0);
            CompletableFuture<List<Integer>> map = CompletableFuture.supplyAsync(() -> pool.map(x -> {
                Thread.sleep(50);
                return x;
            }, range(60), 1));
            Thread.sleep(700);
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            ExecutionException e = assertThrows(ExecutionException.class, () -> map.get(60, TimeUnit.SECONDS));
            WorkerDiedException w = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(victim, w.pid());
            assertEquals(-9, w.exitCode());
            assertEquals(range(40), pool.map(x -> x, range(40), 3));
            assertFalse(pool.workerPids().contains(victim));
        }
    }

    @Test
    public void shouldKillAndReplaceAWorkerWhoseTaskTimesOut() throws Exception {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2).withTaskTimeout(Duration.ofMillis(500)))) {
            CompletableFuture<Object> slow = pool.applyAsync(x -> {
                Thread.sleep(60_000);
                return null;
            }, 0);
            List<CompletableFuture<Integer>> fast = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fast.add(pool.applyAsync(x -> x * 2, i));
            }
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(60, TimeUnit.SECONDS));
            assertInstanceOf(IpcTimeoutException.class, e.getCause());
            for (int i = 0; i < 10; i++) {
                assertEquals(i * 2, fast.get(i).get(60, TimeUnit.SECONDS));
            }
            assertEquals(range(5), pool.map(x -> x, range(5)));
        }
    }

    @Test
    public void shouldFailClearlyWhenTheInitializerFails() {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2)
                .withInitializer(() -> { throw new IllegalStateException("no database"); }))) {
            IpcException e = assertThrows(IpcException.class, () -> pool.map(x -> x, range(10)));
            assertTrue(e.getMessage().contains("initializer failed"), e.getMessage());
            assertTrue(e.getMessage().contains("no database"), e.getMessage());
            assertThrows(IpcException.class, () -> pool.map(x -> x, range(10)));
        }
    }

    @Test
    public void shouldRunTheInitializerOncePerWorker() {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2)
                .withInitializer(() -> System.setProperty("ipckit.test.init", "done")))) {
            List<String> got = pool.map(x -> System.getProperty("ipckit.test.init"), range(20), 1);
            assertTrue(got.stream().allMatch("done"::equals), got.toString());
        }
    }

    @Test
    public void shouldRecycleWorkersAfterMaxTasks() {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(1).withMaxTasksPerChild(5))) {
            List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), range(20), 1);
            Set<Long> distinct = new HashSet<>(pids);
            assertEquals(4, distinct.size(), "20 tasks, 5 per worker: " + pids);
        }
    }

    @Test
    public void shouldCancelAQueuedTask() throws Exception {
        try (Pool pool = pool(1)) {
            CompletableFuture<Object> busy = pool.applyAsync(x -> {
                Thread.sleep(1000);
                return "busy";
            }, 0);
            Future<Integer> queued = pool.submit((Callable<Integer> & Serializable) () -> 1);
            Future<Integer> later = pool.submit((Callable<Integer> & Serializable) () -> 2);
            assertTrue(queued.cancel(true));
            assertTrue(queued.isCancelled());
            assertThrows(CancellationException.class, queued::get);
            assertEquals("busy", busy.get(30, TimeUnit.SECONDS));
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
    public void shouldReadAnEndlessInputLazily() {
        try (Pool pool = pool(2)) {
            Naturals in = new Naturals();
            Iterator<Integer> out = pool.imap(x -> x + 1, in, 4);
            for (int i = 0; i < 50; i++) {
                assertEquals(i + 1, out.next());
            }
            int readAfter = in.read.get();
            // the look-ahead: 256 items per worker at small chunks (Pool.imap), plus the chunk being read
            assertTrue(readAfter <= 50 + 2 * 256 + 4, "read far ahead of the consumer: " + readAfter);
            Naturals in2 = new Naturals();
            Iterator<Integer> unordered = pool.imapUnordered(x -> x, in2, 2);
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                seen.add(unordered.next());
            }
            assertEquals(30, seen.size());
            assertTrue(in2.read.get() <= 30 + 2 * 256 + 2, "read far ahead: " + in2.read.get());
        }
    }

    @Test
    public void shouldTimeOutAWholeMap() {
        try (Pool pool = pool(2)) {
            assertThrows(IpcTimeoutException.class, () -> pool.map(x -> {
                Thread.sleep(300);
                return x;
            }, range(40), 1, Duration.ofMillis(500)));
            assertEquals(range(4), pool.map(x -> x, range(4)));
        }
    }

    @Test
    public void shouldLetIdleWorkersExitAndComeBackOnDemand() throws Exception {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2).withIdleTimeout(Duration.ofMillis(300)))) {
            List<Long> first = new ArrayList<>(new HashSet<>(pool.map(x -> ProcessHandle.current().pid(), range(4), 1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!pool.workerPids().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(pool.workerPids().isEmpty(), "idle workers still alive: " + pool.workerPids());
            for (long pid : first) {
                assertTrue(awaitGone(pid, Duration.ofSeconds(5)), "idle worker did not exit, pid=" + pid);
            }
            List<Integer> again = pool.map(x -> x * 3, range(10), 2);
            assertEquals(range(10).stream().map(x -> x * 3).toList(), again);
            assertFalse(pool.workerPids().isEmpty(), "workers came back for the new work");
        }
    }

    @Test
    public void shouldLeaveNoProcessAfterClose() throws Exception {
        List<Long> pids;
        Pool pool = pool(2);
        try {
            pool.map(x -> x, range(10));
            pids = pool.workerPids();
            assertEquals(2, pids.size());
        } finally {
            pool.close();
        }
        for (long pid : pids) {
            assertTrue(awaitGone(pid, Duration.ofSeconds(5)), "worker still running, pid=" + pid);
        }
        assertTrue(pool.isTerminated());
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> pool.map(x -> x, range(3)));
    }
}
