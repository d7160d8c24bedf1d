package dev.ipckit.demos.seed;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.demos.Demo;

import java.util.Map;

/**
 * Seed 001, "进程执行带有参数的任务" and "获取子/父进程 PID": {@code sing} gets its argument by position
 * ({@code args=(3,)}), {@code dance} by name ({@code kwargs={'num': 3}}); each prints its own pid and its
 * parent's. On the JVM a task's captured values are its positional arguments; a {@code Map} (or a record,
 * whose fields have names) plays {@code kwargs}.
 */
public final class ArgsPidsDemo implements Demo {

    @Override
    public String name() {
        return "001-args-pids";
    }

    @Override
    public String summary() {
        return "arguments by position (args) and by name (kwargs); pid and parent pid of each process";
    }

    /** The seed's {@code sing(num)}. */
    static void sing(int num, long sleepMs) throws InterruptedException {
        System.out.println("sing 的父进程 pid (parent pid): " + Ipc.parentProcess().orElseThrow().pid());
        System.out.println("sing 的子进程 pid (its own pid): " + ProcessHandle.current().pid());
        for (int i = 0; i < num; i++) {
            System.out.println("sing ...");
            Thread.sleep(sleepMs);
        }
    }

    /** The seed's {@code dance(num)}, called with keyword arguments. */
    static void dance(Map<String, Object> kwargs) throws InterruptedException {
        int num = (Integer) kwargs.get("num");
        System.out.println("dance 的父进程 pid (parent pid): " + Ipc.parentProcess().orElseThrow().pid());
        System.out.println("dance 的子进程 pid (its own pid): " + ProcessHandle.current().pid());
        for (int i = 0; i < num; i++) {
            System.out.println("dance ...");
            Thread.sleep((Long) kwargs.get("sleepMs"));
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long ms = new Pace(quick).ms(500);
        System.out.println("程序的父进程 pid (this JVM's parent: the shell, or the test runner): "
                + ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
        System.out.println("当前 JVM 的 pid (this JVM): " + ProcessHandle.current().pid());
        int num = 3;
        Map<String, Object> kwargs = Map.of("num", 3, "sleepMs", ms);
        try (IpcProcess p1 = ctx.process(() -> sing(num, ms)).name("sing");      // args=(3, )
             IpcProcess p2 = ctx.process(() -> dance(kwargs)).name("dance")) {   // kwargs={'num': 3}
            p1.start();
            p2.start();
            System.out.println("started: sing pid=" + p1.pid() + ", dance pid=" + p2.pid());
            p1.join();
            p2.join();
        }
        System.out.println("A task's captured values are its arguments (args=); a Map or a record names them"
                + " (kwargs=). Each child's parent pid is this JVM's pid.");
    }
}
