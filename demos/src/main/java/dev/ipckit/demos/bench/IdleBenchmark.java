package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;

import java.time.Duration;

/**
 * What an idle link costs in CPU: a child connects (sends one message) and then waits in {@code recv()}.
 * After a settle, the CPU time of this JVM and of the child's process is read over a fixed window, each
 * as a share of one core. This JVM's figure includes everything it runs (JIT, GC, threads left by earlier
 * benchmarks), so the same window is first measured with no child at all, in the same run.
 */
final class IdleBenchmark implements Benchmark {
    private static final byte[] UP = {'u', 'p'};

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String summary() {
        return "CPU an idle link costs: parent JVM (vs. no child) and child, waiting in recv() (% of one core)";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("Idle link: CPU while waiting (% of one core)", "cpu_pct", "% of a core",
                f -> String.valueOf(f.field("process")), Figure::transport, false);
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        Duration settle = Duration.ofSeconds(run.quick() ? 1 : 2);
        Duration window = Duration.ofSeconds(run.quick() ? 2 : 10);
        Table t = new Table(name(), "Idle link: CPU over " + window.toSeconds() + " s (ms, and % of one core)",
                Table.Column.text("transport"), Table.Column.text("process"), new Table.Column("CPU ms", "%,.1f"),
                new Table.Column("% of a core", "%.2f"));
        try (Progress bar = new Progress(name(), run.contexts().size())) {
            for (IpcContext given : run.contexts()) {
                bar.say(given.transport());
                IpcContext c = ShmProps.forward(given);
                Thread.sleep(settle.toMillis());
                double base = cpuMillis(ProcessHandle.current(), window);
                double[] link = idleLink(c, settle, window);
                String tr = given.transport();
                t.row(tr, "parent JVM, no child (baseline)", base, percent(base, window));
                t.row(tr, "parent JVM, child linked and idle", link[0], percent(link[0], window));
                t.row(tr, "parent JVM, difference from baseline", link[0] - base, percent(link[0] - base, window));
                t.row(tr, "child JVM, waiting in recv()", link[1], percent(link[1], window));
                run.figure(BenchRun.figure(name(), given, null, "cpu_pct", percent(link[0] - base, window), "%")
                        .with("process", "parent (minus baseline)"));
                run.figure(BenchRun.figure(name(), given, null, "cpu_pct", percent(link[1], window), "%")
                        .with("process", "child"));
                bar.step();
            }
        }
        t.note("child: connects, sends 2 bytes, then blocks in recvBytes() until the parent closes; settle "
                + settle.toSeconds() + " s after its message, then a " + window.toSeconds() + " s window");
        t.note("CPU: ProcessHandle.info().totalCpuDuration() deltas (user+system, all threads); the parent thread"
                + " sleeps through each window; the baseline is this JVM with no child, just before");
        if (run.contexts().stream().anyMatch(c -> c.transport().equals("sharedmem"))) {
            t.note(ShmProps.note());
        }
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    /** @return {parent CPU ms, child CPU ms} over the window, measured while the child waits */
    private static double[] idleLink(IpcContext ctx, Duration settle, Duration window) throws InterruptedException {
        try (Pipe pipe = ctx.pipe()) {
            Connection childEnd = pipe.right();
            IpcProcess p = ctx.process(() -> waitIdle(childEnd)).name("idler").start();
            Connection c = pipe.left();
            try {
                c.recvBytes(); // it is linked and about to wait
                Thread.sleep(settle.toMillis());
                ProcessHandle child = ProcessHandle.of(p.pid())
                        .orElseThrow(() -> new IllegalStateException("child gone, pid=" + p.pid()));
                long child0 = cpuNanos(child);
                double parent = cpuMillis(ProcessHandle.current(), window);
                long child1 = cpuNanos(child);
                return new double[] {parent, (child1 - child0) / 1e6};
            } finally {
                c.close(); // the child's recv throws PeerClosedException and its task returns
                Children.end(p);
            }
        }
    }

    /** The child: one message to say it is linked, then wait for the next (which never comes). */
    private static void waitIdle(Connection c) {
        c.sendBytes(UP);
        try {
            c.recvBytes();
        } catch (PeerClosedException done) {
            // the parent closed: the expected end
        }
        c.close();
    }

    /** @return CPU milliseconds the process used while this thread slept for the window */
    private static double cpuMillis(ProcessHandle h, Duration window) throws InterruptedException {
        long t0 = cpuNanos(h);
        Thread.sleep(window.toMillis());
        return (cpuNanos(h) - t0) / 1e6;
    }

    private static long cpuNanos(ProcessHandle h) {
        return h.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + h.pid())).toNanos();
    }

    private static double percent(double cpuMillis, Duration window) {
        return 100.0 * cpuMillis / window.toMillis();
    }
}
