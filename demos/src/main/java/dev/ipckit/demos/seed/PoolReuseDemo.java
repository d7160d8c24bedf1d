package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 002, "进程池": a pool starts its processes once and reuses them; when all are busy, a task waits for
 * one to be free. Four tasks (the seed's {@code task_1}, {@code task_2}, … each 1 s) on a pool of two
 * processes: two rounds, the same two pids.
 */
public final class PoolReuseDemo implements Demo {
    /** The pool's size: fewer processes than tasks, so that they are reused. */
    static final int WORKERS = 2;
    /** How many tasks. */
    static final int TASKS = 4;

    @Override
    public String name() {
        return "002-pool-reuse";
    }

    @Override
    public String summary() {
        return "a process pool reused across tasks: 4 tasks, 2 processes, the same 2 pids";
    }

    /** The seed's {@code task_N()}: start, work 1 s, done; returns who ran it. */
    static long task(int n, long sleepMs) throws InterruptedException {
        System.out.println("任务" + n + "开始 (task " + n + " starts) in pid " + ProcessHandle.current().pid());
        Thread.sleep(sleepMs);
        System.out.println("任务" + n + "完成 (task " + n + " done)");
        return ProcessHandle.current().pid();
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long ms = new Pace(quick).ms(1000);
        try (Pool pool = ctx.pool(WORKERS)) {
            System.out.println("pool of " + WORKERS + " processes, " + TASKS + " tasks submitted at once");
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int n = 1; n <= TASKS; n++) {
                futures.add(pool.applyAsync(i -> task(i, ms), n));
            }
            Set<Long> pids = new LinkedHashSet<>();
            for (CompletableFuture<Long> f : futures) {
                pids.add(f.get());
            }
            System.out.printf("%d tasks ran in %.2f s on %d distinct processes %s: each process ran several tasks%n",
                    TASKS, Pace.since(t0), pids.size(), pids);
        }
        System.out.println("Starting a JVM costs far more than a task: a pool starts its processes once, and a"
                + " process that finished a task takes the next one.");
    }
}
