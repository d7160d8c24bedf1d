package dev.ipckit.demos.seed;

import dev.ipckit.Fn;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import dev.ipckit.demos.Demo;
import dev.ipckit.serial.MeteredSerializer;
import dev.ipckit.shared.SharedBuffer;

import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Seed 003: "Don't pickle the input — this saves a lot of communication overhead, especially if the output is
 * small compared to the input." A large array is summed in halves by two workers three ways: by value (each
 * half serialized into its task), with {@code ctx.share()} (written once into shared memory; each task gets
 * a reference), and automatically (the by-value call, with the pool's default share threshold).
 */
public final class DontPickleDemo implements Demo {
    /** The task functions, made once: a worker receives each once, so what crosses per task is its argument. */
    private static final Fn<long[], Long> SUM = DontPickleDemo::sum;
    private static final Fn<Half, Long> SUM_HALF = h -> sumHalf(h.data().asLongBuffer(), h.half());

    /**
     * A task's argument over shared input: the input's reference and which half to sum.
     *
     * @param data the shared input
     * @param half 0 or 1
     */
    record Half(SharedBuffer data, int half) implements java.io.Serializable {
    }

    @Override
    public String name() {
        return "003-dont-pickle";
    }

    @Override
    public String summary() {
        return "seed 003: don't pickle the input - a big array by value vs share() vs automatic sharing";
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        int mb = quick ? 16 : 200;
        long[] data = new long[mb * (1 << 20) / 8];
        Arrays.setAll(data, i -> i % 1000);
        long want = Arrays.stream(data).sum();
        List<long[]> halves = List.of(Arrays.copyOfRange(data, 0, data.length / 2),
                Arrays.copyOfRange(data, data.length / 2, data.length));
        MeteredSerializer meter = new MeteredSerializer(ctx.serializer());
        IpcContext metered = ctx.withSerializer(meter);
        System.out.println("Summing " + mb + " MB of longs in two halves on a pool of 2 worker processes:");

        try (Pool pool = metered.pool(PoolOptions.defaults().withWorkers(2).withShareThreshold(0))) {
            warm(pool);
            meter.reset();
            long t0 = System.nanoTime();
            long sum = pool.map(SUM, halves, 1).stream().mapToLong(Long::longValue).sum();
            report("by value (serialized)", t0, sum, want, meter);
        }
        try (Pool pool = metered.pool(2)) {
            warm(pool);
            meter.reset();
            long t0 = System.nanoTime();
            long sum;
            try (SharedBuffer shared = metered.share(data)) {
                sum = pool.map(SUM_HALF, List.of(new Half(shared, 0), new Half(shared, 1)), 1).stream()
                        .mapToLong(Long::longValue).sum();
            }
            report("ctx.share(data)", t0, sum, want, meter);

            meter.reset();
            t0 = System.nanoTime();
            sum = pool.map(SUM, halves, 1).stream().mapToLong(Long::longValue).sum();
            report("automatic (>= 1 MiB)", t0, sum, want, meter);
        }
        System.out.println("By value, each half is encoded, copied through the transport and decoded. Shared, it is");
        System.out.println("written once into /dev/shm; a task receives a reference of ~100 bytes and reads the pages.");
    }

    /** Starts both workers and sends them the task functions, so that what follows is the tasks' own traffic. */
    private static void warm(Pool pool) {
        pool.map(SUM, List.of(new long[1], new long[1]), 1);
    }

    private static void report(String way, long t0, long sum, long want, MeteredSerializer meter) {
        double s = (System.nanoTime() - t0) / 1e9;
        if (sum != want) {
            throw new IllegalStateException(way + ": wrong sum " + sum + ", want " + want);
        }
        System.out.printf("  %-22s %6.3f s   sum=%,d   largest task message: %,d bytes%n", way, s, sum, meter.largest());
        meter.reset();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private static long sumHalf(LongBuffer all, int half) {
        int n = all.limit();
        long s = 0;
        for (int i = half == 0 ? 0 : n / 2, end = half == 0 ? n / 2 : n; i < end; i++) {
            s += all.get(i);
        }
        return s;
    }
}
