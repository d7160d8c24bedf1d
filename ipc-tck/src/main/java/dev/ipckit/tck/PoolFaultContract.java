package dev.ipckit.tck;

import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import dev.ipckit.RemoteException;
import dev.ipckit.WorkerDiedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many faults of pool workers under load: repeated SIGKILLs in the middle of a stream of tasks, a worker
 * stopped (SIGSTOP) with and without a task timeout, a worker out of heap. The pool reports each lost
 * task with a typed error, replaces the worker, never hangs, and carries on.
 */
public abstract class PoolFaultContract extends ContractBase {
    private static final Duration HANG = Duration.ofSeconds(60);

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    @Test
    public void shouldCarryOnThroughRepeatedWorkerKillsUnderLoad() throws Exception {
        int tasks = 200;
        int kills = 3;
        try (Pool pool = ctx().pool(2)) {
            assertEquals(range(4), pool.map(x -> x, range(4), 1)); // both workers up
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                futures.add(pool.applyAsync(x -> {
                    Thread.sleep(10);
                    return x * 2;
                }, i));
            }
            Set<Long> killed = new HashSet<>();
            for (int k = 0; k < kills; k++) {
                FaultContract.sleep(250); // the tasks take a second at least: every kill lands mid-stream
                List<Long> pids = pool.workerPids();
                if (pids.isEmpty()) {
                    continue;
                }
                long victim = pids.get(k % pids.size());
                killed.add(victim);
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // a worker this pool started
            }
            int ok = 0;
            int died = 0;
            for (int i = 0; i < tasks; i++) {
                try {
                    assertEquals(i * 2, futures.get(i).get(HANG.toSeconds(), TimeUnit.SECONDS));
                    ok++;
                } catch (ExecutionException e) {
                    WorkerDiedException w = assertInstanceOf(WorkerDiedException.class, e.getCause());
                    assertTrue(killed.contains(w.pid()), "died with a pid that was not killed: " + w);
                    assertEquals(-9, w.exitCode());
                    died++;
                }
            }
            assertEquals(tasks, ok + died);
            System.out.println("pool-kills: " + killed.size() + " workers killed, " + ok + " tasks done, " + died
                    + " failed with WorkerDiedException, transport=" + transport());
            assertTrue(ok > 0, "no task survived " + kills + " kills");
            assertEquals(range(50), pool.map(x -> x, range(50), 5), "the pool goes on");
            for (long pid : pool.workerPids()) {
                assertFalse(killed.contains(pid), "a killed worker is still listed, pid=" + pid);
            }
        }
    }

    @Test
    public void shouldTimeOutTheTasksOfAStoppedWorkerAndReplaceIt() throws Exception {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2).withTaskTimeout(Duration.ofSeconds(1)))) {
            assertEquals(range(4), pool.map(x -> x, range(4), 1));
            long stopped = pool.workerPids().get(0);
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.applyAsync(x -> {
                    Thread.sleep(50);
                    return ProcessHandle.current().pid();
                }, i));
            }
            FaultContract.sleep(200);
            Signals.stop(stopped);
            try {
                int timedOut = 0;
                for (int i = 0; i < futures.size(); i++) {
                    try {
                        assertTrue(futures.get(i).get(HANG.toSeconds(), TimeUnit.SECONDS) > 0);
                    } catch (ExecutionException e) {
                        assertInstanceOf(IpcTimeoutException.class, e.getCause());
                        timedOut++;
                    } catch (java.util.concurrent.TimeoutException e) {
                        fail("task " + i + " of " + futures.size() + " never ended (a hang): done="
                                + futures.stream().filter(CompletableFuture::isDone).count() + ", stopped worker "
                                + stopped + " state=" + Signals.state(stopped) + ", workers=" + pool.workerPids());
                    }
                }
                assertTrue(timedOut > 0, "no task of the stopped worker timed out");
                assertTrue(awaitGone(stopped, Duration.ofSeconds(10)), "the stopped worker was not ended");
            } finally {
                if (isRunning(stopped)) {
                    Signals.resume(stopped);
                }
            }
            assertEquals(range(20), pool.map(x -> x, range(20), 2), "the pool goes on");
            assertFalse(pool.workerPids().contains(stopped));
        }
    }

    @Test
    public void shouldWaitForAStoppedWorkerWithoutATimeoutAndLoseNothing() throws Exception {
        try (Pool pool = ctx().pool(2)) {
            assertEquals(range(4), pool.map(x -> x, range(4), 1));
            long stopped = pool.workerPids().get(0);
            CompletableFuture<List<Integer>> map = CompletableFuture.supplyAsync(() -> pool.map(x -> {
                Thread.sleep(10);
                return x + 1;
            }, range(300), 1));
            FaultContract.sleep(300);
            Signals.stop(stopped);
            try {
                FaultContract.sleep(1500); // a stopped worker is alive: the pool must not declare it dead
                assertFalse(map.isDone(), "the map finished without the stopped worker's tasks");
                assertTrue(isRunning(stopped));
            } finally {
                Signals.resume(stopped);
            }
            assertEquals(range(300).stream().map(x -> x + 1).toList(), map.get(HANG.toSeconds(), TimeUnit.SECONDS));
            assertTrue(pool.workerPids().contains(stopped), "the resumed worker was replaced");
        }
    }

    @Test
    public void shouldReplaceAWorkerThatRunsOutOfHeap() throws Exception {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2).withJvmOptions("-Xmx48m"))) {
            assertEquals(range(4), pool.map(x -> x, range(4), 1));
            CompletableFuture<Object> hog = pool.applyAsync(x -> {
                List<long[]> all = new ArrayList<>();
                while (true) {
                    all.add(new long[1 << 20]);
                }
            }, 0);
            List<CompletableFuture<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                others.add(pool.applyAsync(x -> x + 100, i));
            }
            try {
                hog.get(HANG.toSeconds(), TimeUnit.SECONDS);
                fail("a task out of heap returned");
            } catch (ExecutionException e) {
                IpcException cause = assertInstanceOf(IpcException.class, e.getCause());
                if (cause instanceof RemoteException r) {
                    assertEquals(OutOfMemoryError.class.getName(), r.remoteClassName());
                } else {
                    assertInstanceOf(WorkerDiedException.class, cause);
                }
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i + 100, others.get(i).get(HANG.toSeconds(), TimeUnit.SECONDS));
            }
            assertEquals(range(10), pool.map(x -> x, range(10), 1), "the pool goes on");
        }
    }
}
