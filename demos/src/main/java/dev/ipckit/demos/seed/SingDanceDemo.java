package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.demos.Demo;

/**
 * Seed 001, "使用多进程完成任务": {@code sing()} and {@code dance()} each print three times, half a second
 * apart. One after the other they take about 3 s; in two processes, about 1.5 s plus the start of two
 * JVMs.
 */
public final class SingDanceDemo implements Demo {

    @Override
    public String name() {
        return "001-sing-dance";
    }

    @Override
    public String summary() {
        return "sing() and dance(): serial (~3 s) vs two processes (~1.5 s)";
    }

    /** The seed's {@code sing()}: three lines, {@code sleepMs} apart (0.5 s in the seed). */
    static void sing(long sleepMs) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.out.println("sing ...");
            Thread.sleep(sleepMs);
        }
    }

    /** The seed's {@code dance()}. */
    static void dance(long sleepMs) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.out.println("dance ...");
            Thread.sleep(sleepMs);
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long ms = new Pace(quick).ms(500);
        System.out.println("-- one after the other, in this process:");
        long start = System.nanoTime();
        sing(ms);
        dance(ms);
        double serial = Pace.since(start);
        System.out.printf("time taken: %.3f s%n", serial);

        System.out.println("-- in two processes, started together and joined:");
        start = System.nanoTime();
        try (IpcProcess p1 = ctx.process(() -> sing(ms)).name("sing");
             IpcProcess p2 = ctx.process(() -> dance(ms)).name("dance")) {
            p1.start();
            p2.start();
            p1.join();
            p2.join();
            double parallel = Pace.since(start);
            System.out.printf("time taken: %.3f s (exit codes: sing=%d, dance=%d)%n", parallel,
                    p1.exitCode().orElseThrow(), p2.exitCode().orElseThrow());
            System.out.printf("The two ran at the same time: %.3f s of sleeping each, %.1fx the serial speed; what is"
                    + " left above %.1f s is the start of two JVMs.%n", 3 * ms / 1e3, serial / parallel, 3 * ms / 1e3);
        }
    }
}
