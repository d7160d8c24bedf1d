package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;

import java.util.Arrays;
import java.util.List;

/**
 * Child start to first message, per transport: the time from {@link IpcProcess#start()} until this JVM has
 * the child's first message over a one-way pipe. It covers launching the JVM, the bootstrap, the link and
 * the task; children map the class-data archive ipckit makes on the first start of a jar class path.
 */
final class SpawnBenchmark implements Benchmark {
    private static final byte[] UP = {'u', 'p'};

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public List<String> aliases() {
        return List.of("startup");
    }

    @Override
    public String summary() {
        return "child start to first message, per transport (ms)";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("Child start to first message, median (ms)", "first_message_ms", "ms",
                f -> "start() to first message", Figure::transport, false);
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int starts = run.quick() ? 5 : 20;
        Table t = new Table(name(), "Child start -> first message received (ms)", Table.Column.text("transport"),
                new Table.Column("starts", "%d"), new Table.Column("median", "%,.1f"),
                new Table.Column("p90", "%,.1f"), new Table.Column("min", "%,.1f"), new Table.Column("max", "%,.1f"));
        try (Progress bar = new Progress(name(), (long) run.contexts().size() * (starts + 1))) {
            for (IpcContext ctx : run.contexts()) {
                bar.say(ctx.transport());
                startMillis(ctx); // untimed: page cache, this JVM's launch path, the class archive
                bar.step();
                double[] ms = new double[starts];
                for (int i = 0; i < starts; i++) {
                    ms[i] = startMillis(ctx);
                    bar.step();
                }
                Arrays.sort(ms);
                double median = OneWay.median(ms);
                t.row(ctx.transport(), starts, median, rank(ms, 90), ms[0], ms[starts - 1]);
                run.figure(BenchRun.figure(name(), ctx, null, "first_message_ms", median, "ms"));
            }
        }
        t.note("each transport: one untimed start, then " + starts + " timed, one after the other; the child"
                + " sends 2 bytes and returns; p90 nearest-rank");
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    /** @return milliseconds from start() to the first message; the child has ended when this returns */
    static double startMillis(IpcContext ctx) {
        try (Pipe pipe = ctx.pipe(false)) {
            Connection w = pipe.right();
            IpcProcess p = ctx.process(() -> hello(w)).name("starter");
            long t0 = System.nanoTime();
            p.start();
            byte[] first;
            long t1;
            try {
                first = pipe.left().recvBytes();
                t1 = System.nanoTime();
            } finally {
                Children.end(p);
            }
            if (!Arrays.equals(first, UP)) {
                throw new IllegalStateException("unexpected first message, bytes=" + Arrays.toString(first));
            }
            return (t1 - t0) / 1e6;
        }
    }

    /** The child: one message, then return. */
    private static void hello(Connection w) {
        w.sendBytes(UP);
        w.close();
    }

    /** @return the nearest-rank percentile of sorted values */
    private static double rank(double[] sorted, double p) {
        int k = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(1, Math.min(k, sorted.length)) - 1];
    }
}
