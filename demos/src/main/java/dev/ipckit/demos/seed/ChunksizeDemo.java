package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.Demo;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Seed 003, "使用 chunk … ProcessPoolExecutor.map(chunksize=x)": for many small tasks, sending one item at
 * a time to a worker costs more than the task itself; chunks of many items share that cost.
 */
public final class ChunksizeDemo implements Demo {
    /** How many small tasks, in the tour. */
    static final int TASKS = 50_000;
    /** How many in the quick form. */
    static final int QUICK_TASKS = 5_000;

    @Override
    public String name() {
        return "003-chunksize";
    }

    @Override
    public String summary() {
        return "many small tasks: chunksize 1 vs 100 vs 1000, time per task";
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        int n = quick ? QUICK_TASKS : TASKS;
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        try (Pool pool = ctx.pool(2)) {
            pool.map(x -> x, List.of(0, 1), 1); // both workers up: time the map, not the JVM start
            System.out.printf("%,d tasks of x -> is_prime(x) on 2 processes:%n", n);
            double first = 0;
            for (int chunksize : new int[] {1, 100, 1000}) {
                long t0 = System.nanoTime();
                List<Boolean> r = pool.map(x -> IsPrimeDemo.isPrime(x), items, chunksize);
                double s = Pace.since(t0);
                first = first == 0 ? s : first;
                long primes = r.stream().filter(b -> b).count();
                System.out.printf("chunksize %4d: %.3f s, %6.2f µs per task, %.0fx faster than chunksize 1"
                        + " (%d primes)%n", chunksize, s, s * 1e6 / n, first / s, primes);
            }
        }
        System.out.println("Each chunk is one message each way: with chunksize 1000 the cost of a round trip is"
                + " shared by a thousand tasks.");
    }
}
