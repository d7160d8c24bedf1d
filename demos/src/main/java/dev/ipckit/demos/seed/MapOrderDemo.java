package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Seed 003, "executor.map 会保持顺序": tasks finish in whatever order they finish, but {@code map} returns
 * the results in input order; {@code imapUnordered} hands each over as soon as it is done. Here the first
 * items are the slowest, so when they run side by side they finish last. The demo also says how many
 * workers ran the items: items queued on one worker run one after the other, in order.
 */
public final class MapOrderDemo implements Demo {
    /** Each item sleeps this many tenths of a second: the slow ones first. */
    static final List<Integer> ITEMS = List.of(6, 5, 4, 3, 2, 1);

    @Override
    public String name() {
        return "003-map-order";
    }

    @Override
    public String summary() {
        return "map returns results in input order; imapUnordered in the order they finish";
    }

    /** Sleeps {@code tenths} tenths of a second (scaled), then returns {@code {tenths, pid}}. */
    static long[] slow(int tenths, long tenthMs) throws InterruptedException {
        Thread.sleep(tenths * tenthMs);
        return new long[] {tenths, ProcessHandle.current().pid()};
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long tenth = new Pace(quick).ms(100);
        int workers = quick ? 3 : ITEMS.size(); // enough to run items side by side
        try (Pool pool = ctx.pool(workers)) {
            pool.map(x -> x, ITEMS, 1); // workers up before the clock matters
            List<Integer> ordered = new ArrayList<>();
            pool.map(x -> slow(x, tenth), ITEMS, 1).forEach(r -> ordered.add((int) r[0]));
            System.out.println("input:                   " + ITEMS);
            System.out.println("map (input order):       " + ordered);
            List<Integer> finished = new ArrayList<>();
            Set<Long> pids = new HashSet<>();
            Iterator<long[]> it = pool.imapUnordered(x -> slow(x, tenth), ITEMS.iterator(), 1);
            it.forEachRemaining(r -> {
                finished.add((int) r[0]);
                pids.add(r[1]);
            });
            System.out.println("imapUnordered (as done): " + finished + " (ran on " + pids.size() + " of " + workers
                    + " workers)");
            if (finished.equals(ITEMS)) {
                System.out.println("(in input order this time: the items that shared a worker ran one after another)");
            }
        }
        System.out.println("map waits and reorders, so results line up with their inputs; imapUnordered gives each"
                + " result as soon as it is ready.");
    }
}
