package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.Pool;
import dev.ipckit.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Start/stop cycles of processes and pools: afterwards this JVM's open file descriptors, threads,
 * {@code /dev/shm} entries and listening sockets are back at their baseline (taken after a warm-up, once
 * the lazily started parts of ipckit are up). While a child runs, every listening socket is on loopback.
 *
 * <p>CI runs a few cycles; {@value #PROCESS_CYCLES_PROP}{@code =1000} and
 * {@value #POOL_CYCLES_PROP}{@code =200} (the {@code long} Maven profile) run the full count.
 */
public abstract class LeakContract extends ContractBase {
    /** System property: process start/stop cycles. */
    public static final String PROCESS_CYCLES_PROP = "ipckit.leak.processCycles";
    /** System property: pool create/close cycles. */
    public static final String POOL_CYCLES_PROP = "ipckit.leak.poolCycles";
    private static final int PROCESS_CYCLES_DEFAULT = 5;
    private static final int POOL_CYCLES_DEFAULT = 2;
    private static final int WARM_UP = 1;
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final Duration HANG = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS) // the full count; CI's few cycles take seconds
    public void shouldReturnToTheBaselineAfterProcessStartStopCycles() throws Exception {
        int cycles = Integer.getInteger(PROCESS_CYCLES_PROP, PROCESS_CYCLES_DEFAULT);
        IpcContext ctx = ctx();
        for (int i = 0; i < WARM_UP; i++) {
            processCycle(ctx, i);
        }
        Resources baseline = settledBaseline();
        Resources peak = baseline;
        long t0 = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            peak = peak.max(processCycle(ctx, i));
        }
        checkBackToBaseline("process", cycles, baseline, peak, t0);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS)
    public void shouldReturnToTheBaselineAfterPoolCreateCloseCycles() throws Exception {
        int cycles = Integer.getInteger(POOL_CYCLES_PROP, POOL_CYCLES_DEFAULT);
        IpcContext ctx = ctx();
        for (int i = 0; i < WARM_UP; i++) {
            poolCycle(ctx, i);
        }
        Resources baseline = settledBaseline();
        Resources peak = baseline;
        long t0 = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            peak = peak.max(poolCycle(ctx, i));
        }
        checkBackToBaseline("pool", cycles, baseline, peak, t0);
    }

    /** One child through its whole life: a pipe round trip and a queue item. @return resources mid-life */
    private Resources processCycle(IpcContext ctx, int i) {
        Pipe pipe = ctx.pipe();
        Queue<Integer> q = ctx.queue();
        Connection end = pipe.right();
        IpcProcess p = ctx.process(() -> { // not tracked: a thousand of them; the base's check finds any left
            int n = (Integer) end.recv();
            q.put(n + 1);
            end.send(n + 2);
        }).name("cycle-" + i).start();
        try {
            pipe.left().send(i);
            assertEquals(i + 1, q.poll(HANG));
            Resources during = Resources.now();
            assertEquals(0, during.nonLoopbackListening(), "a listening socket is not on loopback: " + during);
            assertEquals(i + 2, pipe.left().recv(HANG).orElseThrow());
            assertTrue(p.join(HANG), "cycle " + i + " did not end");
            assertEquals(0, p.exitCode().orElseThrow());
            p.close();
            pipe.left().close();
            q.close();
            return during;
        } finally {
            reap(p);
        }
    }

    /** One pool through its whole life: both workers run tasks, then close. @return resources mid-life */
    private Resources poolCycle(IpcContext ctx, int i) throws Exception {
        List<Integer> in = IntStream.range(0, 20).boxed().toList();
        List<Long> pids;
        Resources during;
        try (Pool pool = ctx.pool(2)) {
            assertEquals(in.stream().map(x -> x + i).toList(), pool.map(x -> x + i, in, 1));
            pids = pool.workerPids();
            during = Resources.now();
            assertEquals(0, during.nonLoopbackListening(), "a listening socket is not on loopback: " + during);
        }
        for (long pid : pids) {
            assertTrue(awaitGone(pid, Duration.ofSeconds(10)), "pool worker still running after close, pid=" + pid);
        }
        return during;
    }

    /** The baseline once two readings a little apart agree (what the warm-up started has settled). */
    private static Resources settledBaseline() throws InterruptedException {
        Resources last = Resources.now();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(300);
            Resources now = Resources.now();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void checkBackToBaseline(String what, int cycles, Resources baseline, Resources peak, long t0)
            throws InterruptedException {
        double seconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Resources after = Resources.now();
        while (!after.within(baseline) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = Resources.now();
        }
        System.out.printf("leak: %d %s cycles in %.1f s; baseline %s; peak %s; after %s%n", cycles, what, seconds,
                baseline, peak, after);
        if (!after.within(baseline)) {
            fail(what + " cycles leaked: baseline " + baseline + ", after " + after + ", threads now "
                    + Resources.threadNames());
        }
        assertTrue(peak.fds() > baseline.fds(), "the cycles opened no descriptor: the check saw nothing");
    }
}
