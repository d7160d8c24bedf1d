package dev.ipckit.demos.seed;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seed 003, "ProcessPoolExecutor … executor.map(is_prime, PRIMES)": the {@code concurrent.futures}
 * example on a process pool, results in input order, then a heavier load timed serially and on the pool,
 * with a progress bar fed by the pool's progress listener and, beside it, a live line of the pool's metrics
 * ({@link Ipc#metrics()}: tasks in flight, task times, worker deaths, bytes on the links).
 */
public final class IsPrimeDemo implements Demo {
    /** The seed's numbers (from Python's {@code concurrent.futures} documentation). */
    public static final List<Long> PRIMES = List.of(112272535095293L, 112582705942171L, 112272535095293L,
            115280095190773L, 115797848077099L, 1099726899285419L);
    /** How many times the heavier load repeats the list. */
    static final int HEAVY_REPEAT = 20;
    /** The same, in the quick form. */
    static final int QUICK_REPEAT = 4;

    @Override
    public String name() {
        return "003-is-prime";
    }

    @Override
    public String summary() {
        return "executor.map(is_prime, PRIMES) on a process pool, in order; serial vs pool with a progress bar";
    }

    /**
     * The seed's {@code is_prime}: trial division by odd numbers up to the square root.
     *
     * @param n a number
     * @return whether it is prime
     */
    public static boolean isPrime(long n) {
        if (n < 2) {
            return false;
        }
        if (n == 2) {
            return true;
        }
        if (n % 2 == 0) {
            return false;
        }
        long sqrt = (long) Math.floor(Math.sqrt(n));
        for (long i = 3; i <= sqrt; i += 2) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void run(IpcContext ctx) {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) {
        int workers = Runtime.getRuntime().availableProcessors();
        AtomicReference<ProgressBar> bar = new AtomicReference<>();
        long[] lastMetrics = {0};
        PoolOptions options = PoolOptions.defaults().withWorkers(workers).withProgress((done, total) -> {
            ProgressBar b = bar.get();
            if (b != null) {
                b.stepTo(done);
                long now = System.nanoTime();
                if (now - lastMetrics[0] > 200_000_000L || done == total) { // a snapshot five times a second
                    lastMetrics[0] = now;
                    b.setExtraMessage(Ipc.metrics().snapshot().brief());
                }
            }
        });
        try (Pool processes = ctx.pool(options)) {
            System.out.println("-- the seed's program: executor.map(is_prime, PRIMES)");
            List<Boolean> results = processes.map(IsPrimeDemo::isPrime, PRIMES, 1);
            for (int i = 0; i < PRIMES.size(); i++) {
                System.out.printf("%d is prime: %s%n", PRIMES.get(i), results.get(i) ? "True" : "False");
            }
            System.out.println("(in input order, as executor.map returns them)");

            int repeat = quick ? QUICK_REPEAT : HEAVY_REPEAT;
            List<Long> load = repeated(repeat);
            System.out.printf("-- a heavier load, %d x PRIMES (the JVM runs is_prime so fast that the seed's list"
                    + " alone takes a few ms)%n", repeat);
            processes.map(IsPrimeDemo::isPrime, load, 1); // warm the workers' JIT: time the work, not the start
            long t0 = System.nanoTime();
            List<Boolean> serial = load.stream().map(IsPrimeDemo::isPrime).toList();
            double serialS = seconds(t0);
            System.out.printf("serial:                  %.3f s%n", serialS);
            t0 = System.nanoTime();
            try (ProgressBar b = new ProgressBarBuilder().setTaskName("process pool").setInitialMax(load.size())
                    .setConsumer(new ConsoleProgressBarConsumer(System.out, 110)).setUpdateIntervalMillis(100).build()) {
                bar.set(b);
                check(serial, processes.map(IsPrimeDemo::isPrime, load, 1));
            } finally {
                bar.set(null);
            }
            double p = seconds(t0);
            System.out.printf("process pool, %d workers: %.3f s, speed-up %.2fx on %d cores%n", workers, p, serialS / p,
                    workers);
            System.out.println("metrics: " + Ipc.metrics().snapshot().summary());
        }
        System.out.println("CPU-bound work in parallel on every core; see jvm-no-gil for the same on threads.");
    }

    /** @return PRIMES, {@code times} over */
    static List<Long> repeated(int times) {
        List<Long> load = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            load.addAll(PRIMES);
        }
        return load;
    }

    private static void check(List<Boolean> want, List<Boolean> got) {
        if (!want.equals(got)) {
            throw new IllegalStateException("pool results differ from serial ones");
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
