package dev.ipckit.demos.seed;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.demos.Demo;

/**
 * Seed 001, "守护进程": a main program starts {@code work()} (ten lines, 0.5 s apart), sleeps 2 s, prints
 * "任务执行结束！" and ends. With a normal child the program still waits until all ten lines are out; with
 * {@code daemon = True} the child is ended with the program. The "main program" must really exit, so here it
 * is a child JVM of the demo, and {@code work()} is its own child.
 */
public final class DaemonDemo implements Demo {

    @Override
    public String name() {
        return "001-daemon";
    }

    @Override
    public String summary() {
        return "daemon children end with their parent; normal ones keep it alive until they finish";
    }

    /** The seed's {@code work()}. */
    static void work(long sleepMs) throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            Thread.sleep(sleepMs);
            System.out.println("working ...");
        }
    }

    /** The seed's {@code __main__}, run as a process of its own so that it can exit. */
    static void mainProgram(String transport, boolean daemon, long workSleepMs, long mainSleepMs)
            throws InterruptedException {
        IpcProcess sub = Ipc.context(transport).process(() -> work(workSleepMs)).daemon(daemon).start();
        Thread.sleep(mainSleepMs);
        System.out.println("任务执行结束！ (the main program is done; its child is "
                + (sub.isAlive() ? "still running" : "done") + ")");
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        Pace pace = new Pace(quick);
        long work = pace.ms(500);
        long main = pace.ms(2000);
        String transport = ctx.transport();
        for (boolean daemon : new boolean[] {false, true}) {
            System.out.println("-- sub_process.daemon = " + (daemon ? "True" : "False"));
            long t0 = System.nanoTime();
            try (IpcProcess program = ctx.process(() -> mainProgram(transport, daemon, work, main))
                    .name(daemon ? "main-daemon" : "main")) {
                program.start().join();
                System.out.printf("the main program exited after %.2f s, exit code %d: %s%n", Pace.since(t0),
                        program.exitCode().orElseThrow(), daemon
                                ? "its daemon child was ended with it"
                                : "it waited for its child's ten lines");
            }
        }
        System.out.println("A daemon child is ended when its parent exits; a normal child keeps the parent alive"
                + " until it is done. Either way, no child outlives a parent that is killed.");
    }
}
