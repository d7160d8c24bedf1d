package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.Pool;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child start to first message, per transport: the time from {@link IpcProcess#start()} until this JVM has
 * the child's first message over a one-way pipe. It covers launching the JVM, the bootstrap, the link and
 * the task. Three ways to start: cold with no class archive, cold with the class-data archive ipckit makes
 * on the first start of a jar class path (the default), and on a warm spare; and a pool of 2 from its
 * creation to its first result, cold and on warm spares.
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
                f -> String.valueOf(f.extra().get("mode")), Figure::transport, true);
    }

    /** How a child starts: with no class archive, with the automatic one, or on a warm spare. */
    enum Mode {
        COLD("cold, no class archive"), ARCHIVED("cold, class archive (default)"), WARM("warm spare");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int starts = run.quick() ? 5 : 20;
        int pools = run.quick() ? 3 : 10;
        Table t = new Table(name(), "Child start -> first message received (ms)", Table.Column.text("transport"),
                Table.Column.text("start"), new Table.Column("starts", "%d"), new Table.Column("median", "%,.1f"),
                new Table.Column("p90", "%,.1f"), new Table.Column("min", "%,.1f"), new Table.Column("max", "%,.1f"));
        long steps = (long) run.contexts().size() * (Mode.values().length * (starts + 1) + 2L * (pools + 1));
        try (Progress bar = new Progress(name(), steps)) {
            for (IpcContext base : run.contexts()) {
                for (Mode mode : Mode.values()) {
                    bar.say(base.transport() + ", " + mode.label);
                    IpcContext ctx = mode == Mode.WARM ? base.withWarmSpares(1) : base;
                    String before = System.getProperty(CDS_PROP);
                    if (mode == Mode.COLD) {
                        System.setProperty(CDS_PROP, "off");
                    }
                    try {
                        double[] ms = new double[starts];
                        for (int i = -1; i < starts; i++) { // one untimed: page cache, launch path, the archive
                            if (mode == Mode.WARM) {
                                ctx.startSpares().get(60, TimeUnit.SECONDS); // the spare is up, as in a running app
                            }
                            double m = startMillis(ctx);
                            if (i >= 0) {
                                ms[i] = m;
                            }
                            bar.step();
                        }
                        record(run, t, ctx, mode.label, "first_message_ms", ms);
                    } finally {
                        restore(before);
                        ctx.closeSpares();
                    }
                }
                for (boolean warm : new boolean[] {false, true}) {
                    String label = warm ? "pool of 2, warm spares" : "pool of 2, cold";
                    bar.say(base.transport() + ", " + label);
                    IpcContext ctx = warm ? base.withWarmSpares(2) : base;
                    try {
                        double[] ms = new double[pools];
                        for (int i = -1; i < pools; i++) {
                            if (warm) {
                                ctx.startSpares().get(60, TimeUnit.SECONDS);
                            }
                            double m = poolMillis(ctx);
                            if (i >= 0) {
                                ms[i] = m;
                            }
                            bar.step();
                        }
                        record(run, t, ctx, label, "pool_first_result_ms", ms);
                    } finally {
                        ctx.closeSpares();
                    }
                }
            }
        }
        t.note("each row: one untimed start, then the timed ones, one after the other; the child sends 2 bytes and"
                + " returns. cold: -Dipckit.cds=off; class archive: the AppCDS archive ipckit makes on a jar class"
                + " path; warm spare: IpcContext.withWarmSpares(1), the spare connected before start(). Pool rows:"
                + " ctx.pool(2) until the first result of a trivial task; warm: withWarmSpares(2). p90 nearest-rank");
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    private static final String CDS_PROP = "ipckit.cds";

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(CDS_PROP);
        } else {
            System.setProperty(CDS_PROP, before);
        }
    }

    private static void record(BenchRun run, Table t, IpcContext ctx, String mode, String metric, double[] ms)
            throws java.io.IOException {
        Arrays.sort(ms);
        double median = OneWay.median(ms);
        t.row(ctx.transport(), mode, ms.length, median, rank(ms, 90), ms[0], ms[ms.length - 1]);
        Figure f = BenchRun.figure("spawn", ctx, null, metric, median, "ms");
        Map<String, Object> extra = new LinkedHashMap<>(); // in this order in the JSON line
        extra.put("mode", mode);
        extra.put("p90", rank(ms, 90));
        run.figure(new Figure(f.bench(), f.transport(), f.serializer(), null, metric, median, "ms", extra));
    }

    /** @return milliseconds from creating a pool of 2 to the first result of a trivial task */
    static double poolMillis(IpcContext ctx) throws Exception {
        long t0 = System.nanoTime();
        try (Pool pool = ctx.pool(2)) {
            int one = pool.<Integer, Integer>applyAsync(x -> x + 1, 0).get(60, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            if (one != 1) {
                throw new IllegalStateException("unexpected result " + one);
            }
            return (t1 - t0) / 1e6;
        }
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
