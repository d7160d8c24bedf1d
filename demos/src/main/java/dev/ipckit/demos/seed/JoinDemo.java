package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.demos.Demo;

/**
 * Seed 001, "join 方法": without {@code join()} the parent goes on at once, so its line lands in the middle
 * of the children's output; with it, the parent waits and its line comes after theirs. Corrected from the
 * seed, which says that without {@code join()} the children may be killed when the main process ends: in
 * Python, as here, a non-daemon child keeps its parent alive at exit; only daemon children are ended
 * (see {@code 001-daemon}).
 */
public final class JoinDemo implements Demo {

    @Override
    public String name() {
        return "001-join";
    }

    @Override
    public String summary() {
        return "join(): without it the parent goes on at once; with it, it waits for the children";
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        Pace pace = new Pace(quick);
        long ms = pace.ms(500);
        System.out.println("-- without join(): start both, sleep " + pace.ms(1000) / 1e3 + " s, print");
        try (IpcProcess p1 = ctx.process(() -> SingDanceDemo.sing(ms)).name("sing");
             IpcProcess p2 = ctx.process(() -> SingDanceDemo.dance(ms)).name("dance")) {
            p1.start();
            p2.start();
            pace.sleep(1000);
            System.out.println("这是一个测试 ... ... (the parent, not waiting: the children are still at work: "
                    + "sing alive=" + p1.isAlive() + ", dance alive=" + p2.isAlive() + ")");
            p1.join(); // not part of the seed's point: the tour goes on only once they are done
            p2.join();
        }
        System.out.println("-- with join(): start both, join both, then sleep and print");
        try (IpcProcess p1 = ctx.process(() -> SingDanceDemo.sing(ms)).name("sing");
             IpcProcess p2 = ctx.process(() -> SingDanceDemo.dance(ms)).name("dance")) {
            p1.start();
            p2.start();
            p1.join();
            p2.join();
            long start = System.nanoTime();
            pace.sleep(1000);
            System.out.printf("这是一个测试 ... ...，所花费的时间为 (time taken): %.3f s (after both ended: sing alive=%s,"
                    + " dance alive=%s)%n", Pace.since(start), p1.isAlive(), p2.isAlive());
        }
        System.out.println("join() makes the parent wait for a child. Without it a non-daemon child is still waited"
                + " for when the parent exits (Python does the same); only daemon children are ended then.");
    }
}
