package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import dev.ipckit.ProcessInfo;
import dev.ipckit.Queue;
import dev.ipckit.RemoteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Warm spares ({@link IpcContext#withWarmSpares}, {@link PoolOptions#withSpares}) on real child JVMs: a
 * process started on a spare is that spare's JVM (same pid), runs under its own name with its handles,
 * exit code and output; a start that asks for its own JVM options is a cold one; a spare that dies idle is
 * replaced; a pool replaces a killed worker with its spare. Each test ends the spares it made.
 */
public abstract class WarmSpareContract extends ContractBase {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private IpcContext spares;

    /** @return a context on the transport under test keeping one warm spare */
    private IpcContext spareCtx() {
        if (spares == null) {
            spares = ctx().withWarmSpares(1);
        }
        return spares;
    }

    @AfterEach
    void endSpares() {
        if (spares != null) {
            spares.closeSpares();
        }
    }

    private static Set<Long> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** Starts the context's spare and waits until it is connected; returns its pid. */
    private long readySpare() throws Exception {
        Set<Long> before = liveChildren();
        spareCtx().startSpares().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Set<Long> now = liveChildren();
        now.removeAll(before);
        assertEquals(1, now.size(), "one spare should have started, new children=" + now);
        return now.iterator().next();
    }

    /** What a child says about itself. */
    record Self(String name, long pid, boolean daemon, String property) implements java.io.Serializable {
    }

    @Test
    public void shouldRunATaskOnTheSpareUnderTheProcessNameWithItsHandles() throws Exception {
        long spare = readySpare();
        Queue<Self> out = spareCtx().queue();
        Pipe pipe = spareCtx().pipe();
        Connection childEnd = pipe.right();
        IpcProcess p = track(spareCtx().process(() -> {
            ProcessInfo me = Ipc.currentProcess();
            out.put(new Self(me.name(), me.pid(), me.daemon(), System.getProperty("ipckit.test.spare")));
            childEnd.send("through the pipe from " + me.name());
        }).name("on-a-spare").daemon(true));
        Set<Long> beforeStart = liveChildren();
        p.start();
        assertTrue(p.startedFromSpare(), "the start should have taken the waiting spare");
        assertEquals(spare, p.pid(), "a process on a spare is the spare's JVM");
        Self self = out.poll(WAIT);
        assertEquals(new Self("on-a-spare", spare, true, null), self);
        assertEquals("through the pipe from on-a-spare", pipe.left().recv(WAIT).orElseThrow());
        assertTrue(p.join(WAIT));
        assertEquals(0, p.exitCode().orElseThrow());
        Set<Long> behind = liveChildren();
        behind.removeAll(beforeStart);
        assertEquals(1, behind.size(), "a new spare should start behind the one taken, new children=" + behind);
    }

    @Test
    public void shouldStartColdWhenTheProcessHasJvmOptionsOfItsOwn() throws Exception {
        long spare = readySpare();
        Queue<Self> out = spareCtx().queue();
        IpcProcess p = track(spareCtx().process(() -> {
            ProcessInfo me = Ipc.currentProcess();
            out.put(new Self(me.name(), me.pid(), me.daemon(), System.getProperty("ipckit.test.spare")));
        }).name("cold").jvmOptions("-Dipckit.test.spare=own")).start();
        assertFalse(p.startedFromSpare());
        assertNotEquals(spare, p.pid());
        assertEquals("own", out.poll(WAIT).property());
        assertTrue(p.join(WAIT));
        assertTrue(ProcessHandle.of(spare).map(ProcessHandle::isAlive).orElse(false), "the spare still waits");
    }

    @Test
    public void shouldReportExitCodesAndFailuresOfATaskOnASpare() throws Exception {
        readySpare();
        IpcProcess exits = track(spareCtx().process(() -> System.exit(3))).start();
        assertTrue(exits.join(WAIT));
        assertEquals(3, exits.exitCode().orElseThrow());
        spareCtx().startSpares().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try (OutputCapture capture = new OutputCapture()) {
            IpcProcess fails = track(spareCtx().process(() -> {
                throw new IllegalStateException("failed on a spare");
            }).name("failing")).start();
            assertTrue(fails.startedFromSpare());
            assertTrue(fails.join(WAIT));
            assertEquals(1, fails.exitCode().orElseThrow());
            RemoteException e = fails.failure().orElseThrow();
            assertEquals("failed on a spare", e.remoteMessage());
            assertTrue(capture.err().contains("Process failing:"), capture.err());
        }
    }

    @Test
    public void shouldPrefixTheOutputOfASpareWithTheNameItWasGiven() throws Exception {
        spares = ctx().withOutputPrefix(true).withWarmSpares(1);
        readySpare();
        try (OutputCapture capture = new OutputCapture()) {
            IpcProcess p = track(spareCtx().process(() -> {
                System.out.println("hello from a spare");
                System.err.println("to stderr");
            }).name("named")).start();
            assertTrue(p.startedFromSpare());
            assertTrue(p.join(WAIT));
            assertTrue(capture.out().contains("[named] hello from a spare"), capture.out());
            assertTrue(capture.err().contains("[named] to stderr"), capture.err());
        }
    }

    @Test
    public void shouldReplaceASpareThatDiesWhileIdle() throws Exception {
        long spare = readySpare();
        ProcessHandle.of(spare).orElseThrow().destroyForcibly();
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<Long> others = liveChildren();
        while (others.contains(spare) || others.isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no spare replaced the killed one");
            Thread.sleep(20);
            others = liveChildren();
        }
        spareCtx().startSpares().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        IpcProcess p = track(spareCtx().process(() -> { })).start();
        assertTrue(p.startedFromSpare());
        assertTrue(others.contains(p.pid()), "the process should run on the replacement, pid=" + p.pid());
        assertTrue(p.join(WAIT));
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldRefuseATaskThatCannotBeSerializedAndKeepTheSpare() throws Exception {
        long spare = readySpare();
        Object notSerializable = new Object();
        IpcProcess p = spareCtx().process(() -> System.out.println(notSerializable));
        assertThrows(dev.ipckit.SerializationException.class, p::start);
        IpcProcess next = track(spareCtx().process(() -> { })).start();
        assertTrue(next.join(WAIT));
        assertEquals(0, next.exitCode().orElseThrow());
        assertTrue(next.startedFromSpare());
    }

    @Test
    public void shouldReplaceAKilledPoolWorkerWithThePoolsSpare() throws Exception {
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2).withSpares(1))) {
            assertEquals(List.of(0, 1, 2), pool.map(x -> x, List.of(0, 1, 2)));
            long spare = awaitSpareOf(pool);
            long victim = pool.workerPids().get(0);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (pool.workerPids().contains(victim) || pool.workerPids().size() < 2) {
                assertTrue(System.nanoTime() < deadline, "the killed worker was not replaced");
                Thread.sleep(10);
            }
            assertTrue(pool.workerPids().contains(spare), "the replacement should be the spare, spare=" + spare
                    + ", workers=" + pool.workerPids());
            List<Integer> items = IntStream.range(0, 100).boxed().toList();
            assertEquals(items.stream().map(x -> x * 2).toList(), pool.map(x -> x * 2, items));
        }
    }

    @Test
    public void shouldLeaveNoWarmUpWaitingWhenASpareIsTakenBeforeItConnects() throws Exception {
        spareCtx().startSpares(); // not waited for: the start below takes the spare while it is still starting
        Queue<String> go = spareCtx().queue();
        Queue<String> back = spareCtx().queue();
        IpcProcess p = track(spareCtx().process(() -> back.put("done " + go.take())).name("early")).start();
        assertTrue(p.startedFromSpare(), "the start should have taken the starting spare");
        // the task is the spare's first assignment: a warm-up sent after it would wait for good
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!warmUpThreads().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "a warm-up still waits for a spare busy with its task: "
                    + warmUpThreads());
            Thread.sleep(20);
        }
        go.put("now");
        assertEquals("done now", back.poll(WAIT));
        assertTrue(p.join(WAIT));
        assertEquals(0, p.exitCode().orElseThrow());
    }

    private static List<String> warmUpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("ipckit-warm-up-")).toList();
    }

    @Test
    public void shouldStartAPoolsSpareOnlyOnceItsWorkersAreReady() throws Exception {
        Set<Long> before = liveChildren();
        try (Pool pool = ctx().pool(PoolOptions.defaults().withWorkers(2).withSpares(1))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (pool.readyWorkers() < 2) {
                Set<Long> extra = liveChildren();
                extra.removeAll(before);
                extra.removeAll(pool.workerPids());
                // read after the children: the spare starts after the last worker is counted ready, so a spare
                // seen here with fewer than 2 ready started too early (not a worker becoming ready meanwhile)
                int readyNow = pool.readyWorkers();
                assertTrue(extra.isEmpty() || readyNow >= 2, "a JVM beside the pool's first workers started before"
                        + " they were ready: " + extra + ", workers=" + pool.workerPids() + ", ready=" + readyNow);
                assertTrue(System.nanoTime() < deadline, "the pool's workers did not become ready");
                Thread.sleep(2);
            }
            awaitSpareOf(pool); // and then the spare does start
        }
    }

    /** @return the pid of the pool's spare: the child of this JVM that is not one of its workers */
    private static long awaitSpareOf(Pool pool) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Set<Long> others = liveChildren();
            others.removeAll(pool.workerPids());
            if (others.size() == 1 && pool.workerPids().size() == 2) {
                return others.iterator().next();
            }
            assertTrue(System.nanoTime() < deadline, "the pool's spare did not start, others=" + others);
            Thread.sleep(20);
        }
    }
}
