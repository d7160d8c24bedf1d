package dev.ipckit.demos.seed;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Task;
import dev.ipckit.demos.Demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seed 004, "python 多线程与多进程": the {@code Process} parameters, methods and attributes; five workers
 * printing their pid and parent pid; a counter that threads share (1 2 3 4 5) and processes do not
 * (1 1 1 1 1); and a task written as a class, as the seed subclasses {@code Thread}.
 */
public final class ProcessApiDemo implements Demo {
    /** Each JVM has its own: threads of one process share it, child processes each get a fresh one. */
    static final AtomicInteger COUNTER = new AtomicInteger();

    @Override
    public String name() {
        return "004-process-api";
    }

    @Override
    public String summary() {
        return "Process parameters, methods, attributes; shared counter: threads 1 2 3 4 5, processes 1 1 1 1 1";
    }

    static void worker(int arg) {
        System.out.println("worker " + arg + ": pid " + ProcessHandle.current().pid() + ", parent pid "
                + Ipc.parentProcess().orElseThrow().pid());
    }

    /** The seed's {@code work()}: {@code a += 1}, then report {@code a}. */
    static int work() {
        return COUNTER.incrementAndGet();
    }

    /** The seed's {@code MyThread(Thread)} with {@code run()}: here a record whose fields are its arguments. */
    record MyTask(int t) implements Task {
        @Override
        public void run() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                System.out.println(t + " 线程正在工作 (working)");
                Thread.sleep(100);
            }
        }
    }

    private static String joined(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : " ").append(v);
        }
        return sb.toString();
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        System.out.println("-- five workers (args=(i,)); I am parent process " + ProcessHandle.current().pid());
        List<IpcProcess> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int arg = i;
            jobs.add(ctx.process(() -> worker(arg)).start());
        }
        jobs.forEach(IpcProcess::join);

        System.out.println("-- attributes and methods");
        try (IpcProcess p = ctx.process(() -> Thread.sleep(30_000)).name("sleeper").daemon(true)) {
            System.out.println("before start: name=" + p.name() + " daemon=" + p.isDaemon() + " exitCode=" + p.exitCode()
                    + " (None in Python)");
            p.start();
            System.out.println("started: pid=" + p.pid() + " isAlive=" + p.isAlive() + " exitCode=" + p.exitCode());
            System.out.println("join(300 ms) ended? " + p.join(Duration.ofMillis(300)));
            p.terminate();
            p.join();
            System.out.println("after terminate(): isAlive=" + p.isAlive() + " exitCode=" + p.exitCode().orElseThrow()
                    + " (-15: ended by SIGTERM, Python's -N)");
        }
        try (IpcProcess p = ctx.process(() -> Thread.sleep(30_000)).name("sleeper-2").start()) {
            p.kill();
            p.join();
            System.out.println("after kill(): exitCode=" + p.exitCode().orElseThrow() + " (-9: SIGKILL, no clean-up)");
        }
        Task direct = () -> System.out.println("run() called directly runs in the caller: pid "
                + ProcessHandle.current().pid() + " (start() runs it in a new process)");
        direct.run();

        COUNTER.set(0);
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> seen.add(work()));
            t.start();
            t.join(); // one after the other, as the seed's output shows
        }
        System.out.println("-- a counter, five threads:   " + joined(seen));
        COUNTER.set(0);
        dev.ipckit.Queue<Integer> reports = ctx.queue();
        seen.clear();
        for (int i = 0; i < 5; i++) {
            ctx.process(() -> reports.put(work())).start().join();
            seen.add(reports.take());
        }
        System.out.println("-- a counter, five processes: " + joined(seen));
        System.out.println("Threads share one memory, so they count 1 2 3 4 5; each process has its own copy of the"
                + " counter, so each prints 1 — share state through a Queue or Pipe instead.");

        System.out.println("-- a task written as a class (the seed's MyThread), three at once");
        List<IpcProcess> tasks = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            tasks.add(ctx.process(new MyTask(i)).start());
        }
        tasks.forEach(IpcProcess::join);
    }
}
