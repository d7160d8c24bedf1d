package dev.ipckit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thread pool: the process pool's API on threads of this JVM (Python's ThreadPool). */
@Timeout(60)
class ThreadPoolTest {

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    void shouldMapInOrderOnThreadsOfThisProcess() {
        try (Pool pool = Ipc.threadPool(3)) {
            assertEquals(range(100).stream().map(x -> x * 2).toList(), pool.map(x -> x * 2, range(100), 7));
            Set<Long> pids = new HashSet<>(pool.map(x -> ProcessHandle.current().pid(), range(10)));
            assertEquals(Set.of(ProcessHandle.current().pid()), pids);
            assertTrue(pool.workerPids().isEmpty());
        }
    }

    @Test
    void shouldRunNonSerializableTasks() throws Exception {
        Object notSerializable = new Object();
        try (Pool pool = Ipc.threadPool(2)) {
            assertEquals(notSerializable.hashCode(), pool.submit(notSerializable::hashCode).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldThrowTheTasksOwnException() {
        try (Pool pool = Ipc.threadPool(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> pool.map(x -> { throw new IllegalStateException("boom " + x); }, List.of(1)));
            assertEquals("boom 1", e.getMessage());
        }
    }

    @Test
    void shouldInterruptAndReplaceATimedOutThread() throws Exception {
        try (Pool pool = Ipc.threadPool(PoolOptions.defaults().withWorkers(1).withTaskTimeout(Duration.ofMillis(200)))) {
            CompletableFuture<Object> slow = pool.applyAsync(x -> {
                Thread.sleep(30_000);
                return null;
            }, 0);
            CompletableFuture<Integer> next = pool.applyAsync(x -> x + 1, 1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> slow.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IpcTimeoutException.class, e.getCause());
            assertEquals(2, next.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldFailClearlyWhenTheInitializerFails() {
        try (Pool pool = Ipc.threadPool(PoolOptions.defaults().withWorkers(2)
                .withInitializer(() -> { throw new IllegalStateException("no config"); }))) {
            IpcException e = assertThrows(IpcException.class, () -> pool.map(x -> x, range(5)));
            assertTrue(e.getMessage().contains("initializer failed"), e.getMessage());
        }
    }

    @Test
    void shouldShutDownAfterQueuedWork() throws Exception {
        Pool pool = Ipc.threadPool(2);
        CompletableFuture<Integer> f = pool.applyAsync(x -> {
            Thread.sleep(100);
            return x;
        }, 5);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(5, f.get());
    }
}
