package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 001, "多线程": {@code sing} and {@code dance} on two threads (three lines each, 1 s apart: about 3 s
 * together, as one of them alone), and five threads that each sleep 1 s and print themselves: they finish in
 * no fixed order, whatever order they were started in.
 */
public final class ThreadsDemo implements Demo {
    /** Rounds of the five-thread experiment: one round may happen to come out in order. */
    static final int ROUNDS = 3;

    @Override
    public String name() {
        return "001-threads";
    }

    @Override
    public String summary() {
        return "sing/dance on two threads; five threads finish in no fixed order";
    }

    private static void lines(String what, long sleepMs) {
        try {
            for (int i = 0; i < 3; i++) {
                System.out.println(what);
                Thread.sleep(sleepMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        Pace pace = new Pace(quick);
        long ms = pace.ms(1000);
        long start = System.nanoTime();
        Thread t1 = new Thread(() -> lines("singing ...", ms), "sing");
        Thread t2 = new Thread(() -> lines("dancing ...", ms), "dance");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        System.out.printf("花费的时间 (time taken): %.3f s: two threads, %.1f s of sleeping each%n", Pace.since(start),
                3 * ms / 1e3);

        int unordered = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            List<String> finished = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.println(Thread.currentThread());
                    finished.add(Thread.currentThread().getName());
                }, "Thread-" + i + " (work)");
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            List<String> started = threads.stream().map(Thread::getName).toList();
            boolean inOrder = finished.equals(started);
            unordered += inOrder ? 0 : 1;
            System.out.println("round " + round + ": started 1 2 3 4 5, finished " + finished.stream()
                    .map(n -> n.substring(7, 8)).reduce((a, b) -> a + " " + b).orElse("")
                    + (inOrder ? " (in order, this time)" : " (out of order)"));
        }
        System.out.println(unordered + " of " + ROUNDS + " rounds finished out of start order: threads are scheduled"
                + " in no fixed order, so never rely on it.");
    }
}
