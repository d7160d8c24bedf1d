package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 002, "进程池": a pool starts its processes once and reuses them; when all are busy, a task waits for
 * one to be free. Four tasks (the seed's {@code task_1}, {@code task_2}, … each 1 s) on a pool of two
 * processes: the tasks run in those two processes, and the pool has the same two afterwards.
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
        return "a process pool reused across tasks: 4 tasks on 2 processes, no process started per task";
    }

    /** The seed's {@code task_N()}: start, work 1 s, done; returns who ran it. */
    static long task(int n, long sleepMs) throws InterruptedException {
        System.out.println("任务" + n + "开始 (task " + n + " starts) in pid " + ProcessHandle.current().pid());
        Thread.sleep(sleepMs);
        System.out.println("任务" + n + "完成 (task " + n + " done)");
        return ProcessHandle.current().pid();
    }

    private static List<Long> sorted(List<Long> pids) {
        List<Long> s = new ArrayList<>(pids);
        s.sort(null);
        return s;
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long ms = new Pace(quick).ms(1000);
        try (Pool pool = ctx.pool(WORKERS)) {
            pool.map(x -> x, List.of(0, 1), 1); // the pool is up
            List<Long> before = sorted(pool.workerPids());
            System.out.println("pool of " + WORKERS + " processes " + before + ", " + TASKS + " tasks submitted at once");
            long t0 = System.nanoTime();
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int n = 1; n <= TASKS; n++) {
                futures.add(pool.applyAsync(i -> task(i, ms), n));
            }
            Map<Long, List<Integer>> byPid = new TreeMap<>();
            for (int n = 1; n <= TASKS; n++) {
                byPid.computeIfAbsent(futures.get(n - 1).get(), k -> new ArrayList<>()).add(n);
            }
            List<Long> after = sorted(pool.workerPids());
            System.out.printf("%d tasks in %.2f s; tasks per process %s; the pool's processes after: %s, the same"
                    + " as before: %s%n", TASKS, Pace.since(t0), byPid, after, before.equals(after));
        }
        System.out.println("Starting a JVM costs far more than a task: a pool starts its processes once, and a"
                + " process that finished a task takes the next one.");
    }
}
