package dev.ipckit.demos.bench;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a pool costs per task: {@code map(x -> x + 1)} over 100,000 ints on 2 workers, at chunk size 1
 * and 1000, for the process pool and the thread pool in one run; and how long a pool takes from creation
 * until both its workers have run a task.
 */
final class PoolBenchmark implements Benchmark {
    private static final int WORKERS = 2;

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public String summary() {
        return "pool map overhead per task at chunksize 1 and 1000 (2 workers), and pool start";
    }

    @Override
    public void run(IpcContext ctx, Path out, boolean quick) throws Exception {
        RunInfo info = RunInfo.of(name(), ctx, out, quick);
        info.print(System.out, name(), summary());
        int n = quick ? 10_000 : 100_000;
        int runs = quick ? 1 : 5;
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        Table t = new Table(name(), "Pool map(x -> x + 1) over " + String.format("%,d", n) + " ints, 2 workers: "
                + "overhead per task (µs)", Table.Column.text("pool"), new Table.Column("chunksize", "%d"),
                new Table.Column("runs", "%d"), new Table.Column("median µs/task", "%.3f"),
                new Table.Column("min", "%.3f"), new Table.Column("max", "%.3f"));
        try (Pool processes = ctx.pool(WORKERS); Pool threads = Ipc.threadPool(WORKERS)) {
            for (int chunksize : new int[] {1, 1000}) {
                row(t, "process pool (" + ctx.transport() + ")", processes, items, chunksize, runs);
                row(t, "thread pool", threads, items, chunksize, runs);
            }
        }
        int starts = quick ? 3 : 10;
        double[] startMs = new double[starts];
        for (int i = 0; i < starts; i++) {
            startMs[i] = startUntilBothRan(ctx);
        }
        t.note("pool start until both workers have run a task: median " + String.format("%.1f", OneWay.median(startMs))
                + " ms over " + starts + " pools " + Arrays.toString(Arrays.stream(startMs).mapToLong(Math::round).toArray()));
        t.note("each run is timed alone after one untimed run; µs/task = wall time / tasks");
        t.print(System.out);
        t.write(out, info);
        Children.checkNoneLeft(name());
    }

    private static void row(Table t, String label, Pool pool, List<Integer> items, int chunksize, int runs) {
        pool.map(x -> x + 1, items, chunksize);
        double[] us = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<Integer> got = pool.map(x -> x + 1, items, chunksize);
            us[r] = (System.nanoTime() - t0) / 1e3 / items.size();
            if (got.get(got.size() - 1) != items.size()) {
                throw new IllegalStateException("wrong result");
            }
        }
        t.row(label, chunksize, runs, OneWay.median(us), Arrays.stream(us).min().orElseThrow(),
                Arrays.stream(us).max().orElseThrow());
    }

    /** @return ms from creating a pool until two distinct workers have each returned a task */
    private static double startUntilBothRan(IpcContext ctx) {
        long t0 = System.nanoTime();
        try (Pool pool = ctx.pool(WORKERS)) {
            Set<Long> pids = new HashSet<>();
            while (pids.size() < WORKERS) {
                pids.addAll(pool.map(x -> {
                    Thread.sleep(2); // so that one worker cannot take both
                    return ProcessHandle.current().pid();
                }, List.of(0, 1), 1));
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }
}
