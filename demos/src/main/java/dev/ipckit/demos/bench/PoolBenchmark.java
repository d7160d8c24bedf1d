package dev.ipckit.demos.bench;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.seed.IsPrimeDemo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a pool costs per task, and what it buys: {@code map(x -> x + 1)} over many ints on 2 workers at
 * chunk size 1, 100 and 1000, for each transport's process pool and for the thread pool; then the seed's
 * {@code is_prime} over a multiple of its PRIMES, serial against each pool.
 */
final class PoolBenchmark implements Benchmark {
    private static final int WORKERS = 2;
    private static final int[] CHUNKSIZES = {1, 100, 1000};
    private static final String THREADS = "thread pool";

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public String summary() {
        return "pool map cost per task at chunksize 1, 100, 1000 (2 workers); is_prime serial vs pool";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("Pool map(x -> x + 1), 2 workers: cost per task (µs, log scale)", "per_task_us", "µs",
                f -> "chunksize " + f.field("chunksize"), PoolBenchmark::poolLabel, true);
    }

    private static String poolLabel(Figure f) {
        return f.transport() == null ? THREADS : f.transport();
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int n = run.quick() ? 10_000 : 100_000;
        int runs = run.quick() ? 1 : 5;
        int repeat = run.quick() ? 4 : 20;
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        List<Long> primes = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            primes.addAll(IsPrimeDemo.PRIMES);
        }
        Table perTask = new Table(name(), "Pool map(x -> x + 1) over " + String.format("%,d", n) + " ints, "
                + WORKERS + " workers: cost per task (µs)", Table.Column.text("pool"), new Table.Column("chunksize", "%d"),
                new Table.Column("runs", "%d"), new Table.Column("median µs/task", "%,.3f"),
                new Table.Column("min", "%,.3f"), new Table.Column("max", "%,.3f"));
        Table prime = new Table(name() + "-is-prime", "is_prime over " + primes.size() + " numbers (" + repeat
                + " x PRIMES), " + WORKERS + " workers, chunksize 1 (s)", Table.Column.text("how"),
                new Table.Column("seconds", "%.3f"), new Table.Column("speed-up", "%.2f"));
        long steps = (long) (run.contexts().size() + 1) * (CHUNKSIZES.length + 1) + 1;
        try (Progress bar = new Progress(name(), steps)) {
            bar.say("serial is_prime");
            primes.forEach(IsPrimeDemo::isPrime); // warm up the JIT here too
            long t0 = System.nanoTime();
            primes.forEach(IsPrimeDemo::isPrime);
            double serial = (System.nanoTime() - t0) / 1e9;
            prime.row("serial, this JVM", serial, 1.0);
            run.figure(BenchRun.figure(name(), null, null, "seconds", serial, "s").with("pool", "serial")
                    .with("work", "is_prime").with("numbers", primes.size()));
            bar.step();
            List<IpcContext> pools = new ArrayList<>(run.contexts());
            pools.add(null); // the thread pool
            for (IpcContext ctx : pools) {
                String label = ctx == null ? THREADS : "process pool (" + ctx.transport() + ")";
                try (Pool pool = ctx == null ? Ipc.threadPool(WORKERS) : ctx.pool(WORKERS)) {
                    for (int chunksize : CHUNKSIZES) {
                        bar.say(label + " chunksize " + chunksize);
                        double[] us = perTask(pool, items, chunksize, runs);
                        perTask.row(label, chunksize, runs, OneWay.median(us), Arrays.stream(us).min().orElseThrow(),
                                Arrays.stream(us).max().orElseThrow());
                        run.figure(BenchRun.figure(name(), ctx, null, "per_task_us", OneWay.median(us), "us")
                                .with("chunksize", chunksize).with("pool", ctx == null ? "thread" : "process"));
                        bar.step();
                    }
                    bar.say(label + " is_prime");
                    pool.map(IsPrimeDemo::isPrime, primes, 1); // warm up the workers' JIT
                    t0 = System.nanoTime();
                    pool.map(IsPrimeDemo::isPrime, primes, 1);
                    double s = (System.nanoTime() - t0) / 1e9;
                    prime.row(label, s, serial / s);
                    run.figure(BenchRun.figure(name(), ctx, null, "seconds", s, "s")
                            .with("pool", ctx == null ? "thread" : "process").with("work", "is_prime").with("numbers", primes.size()));
                    bar.step();
                }
            }
        }
        perTask.note("µs/task = wall time of one map / tasks; the median of " + runs + " timed maps after "
                + (runs > 1 ? WARM_UP_MAPS : 1) + " untimed (CPython's baseline: the same)");
        prime.note("each pool warmed up with one untimed map first; speed-up = serial / pool");
        perTask.print(System.out);
        prime.print(System.out);
        perTask.write(run.out(), info);
        prime.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    /** Untimed maps before the timed ones: the parent's and the workers' JIT compile the map path first. */
    private static final int WARM_UP_MAPS = 3;

    private static double[] perTask(Pool pool, List<Integer> items, int chunksize, int runs) {
        for (int i = 0; i < (runs > 1 ? WARM_UP_MAPS : 1); i++) {
            pool.map(x -> x + 1, items, chunksize);
        }
        double[] us = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<Integer> got = pool.map(x -> x + 1, items, chunksize);
            us[r] = (System.nanoTime() - t0) / 1e3 / items.size();
            if (got.get(got.size() - 1) != items.size()) {
                throw new IllegalStateException("wrong result, last=" + got.get(got.size() - 1));
            }
        }
        return us;
    }
}
