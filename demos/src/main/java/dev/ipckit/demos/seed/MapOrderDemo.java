package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Seed 003, "executor.map 会保持顺序": tasks finish in whatever order they finish, but {@code map} returns
 * the results in input order; {@code imapUnordered} hands each over as soon as it is done. Here the first
 * items are the slowest, so they finish last.
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

    /** Sleeps {@code tenths} tenths of a second (scaled), then returns {@code tenths}. */
    static int slow(int tenths, long tenthMs) throws InterruptedException {
        Thread.sleep(tenths * tenthMs);
        return tenths;
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long tenth = new Pace(quick).ms(100);
        // as many workers as items, so that all run at once and the fast ones really finish first
        try (Pool pool = ctx.pool(ITEMS.size())) {
            pool.map(x -> x, List.of(0, 1, 2, 3, 4, 5), 1); // every worker up before the clock matters
            List<Integer> ordered = pool.map(x -> slow(x, tenth), ITEMS, 1);
            System.out.println("input:                   " + ITEMS);
            System.out.println("map (input order):       " + ordered);
            List<Integer> finished = new ArrayList<>();
            Iterator<Integer> it = pool.imapUnordered(x -> slow(x, tenth), ITEMS.iterator(), 1);
            it.forEachRemaining(finished::add);
            System.out.println("imapUnordered (as done): " + finished);
        }
        System.out.println("map waits and reorders, so results line up with their inputs; imapUnordered gives each"
                + " result as soon as it is ready.");
    }
}
