package dev.ipckit.demos.bench;

import dev.ipckit.Fn;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import dev.ipckit.serial.MeteredSerializer;
import dev.ipckit.shared.SharedBuffer;

import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 003's "don't pickle the input", measured: a 200 MB {@code long[]} summed in halves by a pool of 2
 * workers, three ways — by value (each half serialized into its task), with {@code ctx.share()} (written once
 * into shared memory, tasks get a reference and read a view), and automatically (the same call as by value,
 * with the pool's default share threshold). Seconds per whole run, and the largest task message in bytes.
 * {@code bench/python/share_baseline.py} measures CPython's pickled and {@code SharedMemory} variants.
 */
final class ShareBenchmark implements Benchmark {
    private static final int WORKERS = 2;
    /** The task functions, made once: a worker receives each once, so what crosses per task is its argument. */
    private static final Fn<long[], Long> SUM = ShareBenchmark::sum;
    private static final Fn<Half, Long> SUM_HALF = ShareBenchmark::sumHalf;

    /**
     * The argument of a task over shared input: the input's reference and which half to sum.
     *
     * @param data the shared input
     * @param half 0 or 1
     */
    record Half(SharedBuffer data, int half) implements java.io.Serializable {
    }

    @Override
    public String name() {
        return "share";
    }

    @Override
    public String summary() {
        return "200 MB summed in halves by 2 workers: by value vs share() vs automatic sharing";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("200 MB long[] summed in halves by 2 workers (s)", "seconds", "seconds",
                f -> String.valueOf(f.field("way")), Figure::transport, false);
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int mb = run.quick() ? 40 : 200;
        int runs = run.quick() ? 1 : 5;
        long[] all = new long[mb * (1 << 20) / 8];
        Arrays.setAll(all, i -> i);
        long want = Arrays.stream(all).sum();
        long[][] halves = {Arrays.copyOfRange(all, 0, all.length / 2), Arrays.copyOfRange(all, all.length / 2, all.length)};
        Table t = new Table(name(), mb + " MB long[] summed in halves by " + WORKERS + " workers (s per run)",
                Table.Column.text("transport"), Table.Column.text("way"), new Table.Column("runs", "%d"),
                new Table.Column("median s", "%.3f"), new Table.Column("min", "%.3f"), new Table.Column("max", "%.3f"),
                new Table.Column("bytes/task", "%,d"));
        try (Progress bar = new Progress(name(), run.contexts().size() * 3L)) {
            for (IpcContext base : run.contexts()) {
                MeteredSerializer meter = new MeteredSerializer(base.serializer());
                IpcContext ctx = base.withSerializer(meter);
                for (String way : List.of("by value", "share()", "automatic")) {
                    bar.say(base.transport() + " " + way);
                    PoolOptions opts = PoolOptions.defaults().withWorkers(WORKERS);
                    if (way.equals("by value")) {
                        opts = opts.withShareThreshold(0);
                    }
                    double[] secs = new double[runs];
                    long perTask;
                    try (Pool pool = ctx.pool(opts)) {
                        pool.map(x -> x, List.of(0, 1), 1); // workers up
                        once(ctx, pool, way, all, halves, want); // warm up
                        meter.reset();
                        for (int r = 0; r < runs; r++) {
                            long t0 = System.nanoTime();
                            once(ctx, pool, way, all, halves, want);
                            secs[r] = (System.nanoTime() - t0) / 1e9;
                        }
                        perTask = meter.bytes() / (2L * runs); // two tasks a run, nothing else sent meanwhile
                    }
                    double median = OneWay.median(secs);
                    t.row(base.transport(), way, runs, median, Arrays.stream(secs).min().orElseThrow(),
                            Arrays.stream(secs).max().orElseThrow(), perTask);
                    run.figure(BenchRun.figure(name(), base, null, "seconds", median, "s").with("way", way)
                            .with("mb", mb));
                    run.figure(BenchRun.figure(name(), base, null, "bytes_per_task", perTask, "bytes").with("way", way)
                            .with("mb", mb));
                    bar.step();
                }
            }
        }
        t.note("a run: share() includes writing the input into shared memory; by value and automatic start from two"
                + " half arrays made before timing; median of " + runs + " runs after one untimed");
        t.note("bytes/task: what the parent serialized during the timed runs / tasks; each map also sends its function"
                + " to each worker, so with 2 tasks a map that is in every message");
        try (SharedBuffer probe = run.first().share(new long[1])) {
            var ser = run.first().serializer();
            t.note("of which: the share() argument (reference + half) " + ser.encode(new Half(probe, 0)).length
                    + " bytes, the SharedBuffer reference alone " + ser.encode(probe).length + " bytes, the function "
                    + ser.encode(SUM_HALF).length + " bytes (" + ser.name() + ")");
        }
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    private static void once(IpcContext ctx, Pool pool, String way, long[] all, long[][] halves, long want) {
        List<Long> sums;
        if (way.equals("share()")) {
            try (SharedBuffer data = ctx.share(all)) {
                sums = pool.map(SUM_HALF, List.of(new Half(data, 0), new Half(data, 1)), 1);
            }
        } else {
            sums = pool.map(SUM, List.of(halves[0], halves[1]), 1);
        }
        if (sums.get(0) + sums.get(1) != want) {
            throw new IllegalStateException("wrong sum: " + sums + ", want " + want);
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long x : values) {
            s += x;
        }
        return s;
    }

    private static long sumHalf(Half h) {
        LongBuffer v = h.data().asLongBuffer();
        int n = v.limit();
        long s = 0;
        for (int i = h.half() == 0 ? 0 : n / 2, end = h.half() == 0 ? n / 2 : n; i < end; i++) {
            s += v.get(i);
        }
        return s;
    }
}
