package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Task;
import dev.ipckit.shared.ProcessEvent;
import dev.ipckit.shared.ProcessLock;
import dev.ipckit.shared.SharedLong;
import dev.ipckit.shared.SharedLongArray;
import dev.ipckit.shared.SharedMemory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations per second on shared memory from 1 and 2 processes at once: a plain add under a
 * {@link ProcessLock} (Python's {@code with v.get_lock(): v.value += 1}), lock and unlock alone, and a
 * lock-free {@link SharedLong#incrementAndGet()}. Each process times its own loop with the system-wide
 * monotonic clock; the rate is all operations over the span from the first start to the last end.
 * {@code bench/python/sync_baseline.py} measures CPython's.
 */
final class SyncBenchmark implements Benchmark {

    @Override
    public String name() {
        return "sync";
    }

    @Override
    public String summary() {
        return "process lock and atomic counter: operations per second from 1 and 2 processes";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("Shared-memory operations per second (log scale)", "ops_per_s", "ops/s",
                f -> String.valueOf(f.field("what")), f -> f.field("processes") + " process(es)", true);
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        IpcContext ctx = run.first();
        int n = run.quick() ? 200_000 : 2_000_000;
        int runs = run.quick() ? 1 : 3;
        Table t = new Table(name(), String.format("%,d", n) + " operations per process (ops/s, all processes together)",
                Table.Column.text("operation"), new Table.Column("processes", "%d"), new Table.Column("runs", "%d"),
                new Table.Column("median ops/s", "%,.0f"), new Table.Column("min", "%,.0f"),
                new Table.Column("max", "%,.0f"));
        String[] whats = {"add under a ProcessLock", "ProcessLock lock+unlock", "SharedLong.incrementAndGet"};
        try (Progress bar = new Progress(name(), whats.length * 2L)) {
            for (String what : whats) {
                for (int procs : new int[] {1, 2}) {
                    bar.say(what + ", " + procs + " process(es)");
                    double[] rates = new double[runs];
                    for (int r = 0; r < runs; r++) {
                        rates[r] = measure(ctx, what, procs, n);
                    }
                    double median = OneWay.median(rates);
                    t.row(what, procs, runs, median, Arrays.stream(rates).min().orElseThrow(),
                            Arrays.stream(rates).max().orElseThrow());
                    run.figure(BenchRun.figure(name(), null, null, "ops_per_s", median, "ops/s").with("what", what)
                            .with("processes", procs));
                    bar.step();
                }
            }
        }
        t.note("child JVMs wait on a ProcessEvent, then each loops and records its start and end (System.nanoTime is"
                + " one clock for all processes on Linux); the add under the lock is checked for lost updates");
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    private static double measure(IpcContext ctx, String what, int procs, int n) throws Exception {
        ProcessLock lock = ctx.lock();
        SharedLong counter = ctx.sharedLong(0);
        SharedLongArray times = ctx.longArray(2L * procs);
        ProcessEvent go = ctx.event();
        ProcessEvent ready = ctx.event();
        SharedLong readyCount = ctx.sharedLong(0);
        try (SharedMemory mem = SharedMemory.create(64)) {
            String region = mem.name();
            List<IpcProcess> ps = new ArrayList<>();
            for (int p = 0; p < procs; p++) {
                int me = p;
                Task task = () -> {
                    SharedMemory m = SharedMemory.attach(region);
                    if (readyCount.incrementAndGet() == procs) {
                        ready.set();
                    }
                    go.await();
                    long t0 = System.nanoTime();
                    switch (what) {
                        case "add under a ProcessLock" -> {
                            for (int i = 0; i < n; i++) {
                                lock.lock();
                                try {
                                    m.putLong(0, m.getLong(0) + 1);
                                } finally {
                                    lock.unlock();
                                }
                            }
                        }
                        case "ProcessLock lock+unlock" -> {
                            for (int i = 0; i < n; i++) {
                                lock.lock();
                                lock.unlock();
                            }
                        }
                        default -> {
                            for (int i = 0; i < n; i++) {
                                counter.incrementAndGet();
                            }
                        }
                    }
                    times.set(2L * me, t0);
                    times.set(2L * me + 1, System.nanoTime());
                    m.close();
                };
                ps.add(ctx.process(task).name("sync-" + p).start());
            }
            if (!ready.await(Duration.ofSeconds(60))) {
                ps.forEach(IpcProcess::kill);
                throw new IllegalStateException("sync benchmark workers did not start");
            }
            go.set();
            for (IpcProcess p : ps) {
                if (!p.join(Duration.ofMinutes(5)) || p.exitCode().orElse(-1) != 0) {
                    ps.forEach(IpcProcess::kill);
                    throw new IllegalStateException("sync benchmark worker failed: " + p.failure());
                }
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int p = 0; p < procs; p++) {
                first = Math.min(first, times.get(2L * p));
                last = Math.max(last, times.get(2L * p + 1));
            }
            long total = (long) procs * n;
            if (what.startsWith("add") && mem.getLong(0) != total) {
                throw new IllegalStateException("lost updates under the lock: " + mem.getLong(0) + " != " + total);
            }
            if (what.startsWith("SharedLong") && counter.get() != total) {
                throw new IllegalStateException("lost increments: " + counter.get() + " != " + total);
            }
            return total / ((last - first) / 1e9);
        }
    }
}
