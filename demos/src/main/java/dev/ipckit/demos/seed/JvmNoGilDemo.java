package dev.ipckit.demos.seed;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pool;
import dev.ipckit.WorkerDiedException;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the JVM differs from Python. Seeds 000 and 001 say threads cannot use several cores (the GIL), so
 * CPU-bound work needs processes; on the JVM there is no GIL, and a thread pool runs {@code is_prime} as fast
 * as a process pool. What processes buy on the JVM is what seed 002 calls fault tolerance: a child that
 * calls {@code System.exit}, runs out of memory or is killed takes down only itself.
 */
public final class JvmNoGilDemo implements Demo {
    /** The heap of the child that runs out of memory. */
    static final String SMALL_HEAP = "-Xmx32m";
    /** The speed-up over serial above which the threads are said to have run in parallel. */
    static final double PARALLEL = 1.3;

    @Override
    public String name() {
        return "jvm-no-gil";
    }

    @Override
    public String summary() {
        return "JVM vs Python: threads run CPU-bound work in parallel (no GIL); processes contain crashes";
    }

    /** Fills the heap until the JVM gives up. */
    static void exhaustHeap() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Long> load = IsPrimeDemo.repeated(quick ? IsPrimeDemo.QUICK_REPEAT : IsPrimeDemo.HEAVY_REPEAT);
        System.out.printf("-- is_prime over %d large numbers on %d cores%n", load.size(), cores);
        try (Pool threads = Ipc.threadPool(cores); Pool processes = ctx.pool(cores)) {
            threads.map(IsPrimeDemo::isPrime, load, 1); // warm up the JIT everywhere: time the work
            processes.map(IsPrimeDemo::isPrime, load, 1);
            long t0 = System.nanoTime();
            List<Boolean> serial = load.stream().map(IsPrimeDemo::isPrime).toList();
            double s = Pace.since(t0);
            t0 = System.nanoTime();
            boolean threadsAgree = serial.equals(threads.map(IsPrimeDemo::isPrime, load, 1));
            double t = Pace.since(t0);
            t0 = System.nanoTime();
            boolean processesAgree = serial.equals(processes.map(IsPrimeDemo::isPrime, load, 1));
            double p = Pace.since(t0);
            System.out.printf("serial %.3f s; thread pool %.3f s (%.2fx); process pool %.3f s (%.2fx); same results:"
                    + " %s%n", s, t, s / t, p, s / p, threadsAgree && processesAgree);
            if (s / t >= PARALLEL) {
                System.out.println("Threads ran the CPU-bound work in parallel, as processes do: the JVM has no GIL"
                        + " (Python's threads would take the serial time here).");
            } else {
                System.out.printf("No speed-up this time: the cores are busy elsewhere (load %.1f on %d cores). On"
                        + " free cores both pools use every core; threads need no GIL to.%n",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                        cores);
            }

            System.out.println("-- what processes buy: a crash takes down one child, never this JVM");
            try (IpcProcess exits = ctx.process(() -> System.exit(3)).name("exits")) {
                exits.start().join();
                System.out.println("a child that called System.exit(3): exit code " + exits.exitCode().orElseThrow());
            }
            try (IpcProcess oom = ctx.process(JvmNoGilDemo::exhaustHeap).name("oom").jvmOptions(SMALL_HEAP)) {
                oom.start().join();
                System.out.println("a child that ran out of memory (" + SMALL_HEAP + "): exit code "
                        + oom.exitCode().orElseThrow() + ", " + oom.failure().map(f -> f.getMessage().lines().findFirst().orElse(""))
                        .orElse("no failure reported"));
            }
            try (IpcProcess killed = ctx.process(() -> Thread.sleep(60_000)).name("killed")) {
                killed.start().kill();
                killed.join();
                System.out.println("a child killed with SIGKILL: exit code " + killed.exitCode().orElseThrow());
            }
            try {
                processes.map(x -> {
                    if (x == 2) {
                        System.exit(7);
                    }
                    return x;
                }, List.of(1, 2, 3), 1);
                throw new IllegalStateException("a worker exited and the map did not notice");
            } catch (WorkerDiedException e) {
                System.out.println("a pool worker that exited mid-task: " + e.getClass().getSimpleName() + ": "
                        + e.getMessage());
            }
            System.out.println("the pool goes on with a fresh worker: " + processes.map(x -> x * 10, List.of(1, 2, 3), 1));
        }
        System.out.println("this JVM is still here. In a thread, System.exit would have ended it, and an"
                + " OutOfMemoryError would have hit all of its threads.");
    }
}
