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

    static void sing() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.out.println("sing ...");
            Thread.sleep(500);
        }
    }

    static void dance() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.out.println("dance ...");
            Thread.sleep(500);
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        System.out.println("-- one after the other, in this process:");
        long start = System.nanoTime();
        sing();
        dance();
        double serial = seconds(start);
        System.out.printf("time taken: %.3f s%n", serial);

        System.out.println("-- in two processes, started together and joined:");
        start = System.nanoTime();
        try (IpcProcess p1 = ctx.process(SingDanceDemo::sing).name("sing");
             IpcProcess p2 = ctx.process(SingDanceDemo::dance).name("dance")) {
            p1.start();
            p2.start();
            p1.join();
            p2.join();
            double parallel = seconds(start);
            System.out.printf("time taken: %.3f s (exit codes: sing=%d, dance=%d)%n", parallel,
                    p1.exitCode().orElseThrow(), p2.exitCode().orElseThrow());
            System.out.printf("The two ran at the same time: %.1fx faster; what is left above 1.5 s is the "
                    + "start of two JVMs.%n", serial / parallel);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
