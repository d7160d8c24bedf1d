package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.demos.Demo;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Seed 002, {@code class MyThread(Thread)}: one thread consumes tasks from a bounded queue
 * ({@code queue.Queue(5)}) and runs them; {@code apply_async(task)} is the producer. Fixed from the seed,
 * whose consumer loops forever ({@code while True}) on a non-daemon thread, so the program never ends: here
 * {@link #shutdown()} puts an end mark on the queue and the caller joins the thread.
 */
public final class TaskQueueThreadDemo implements Demo {

    @Override
    public String name() {
        return "002-thread-task-queue";
    }

    @Override
    public String summary() {
        return "a thread consuming a task queue (the seed's MyThread), with the missing way to stop it";
    }

    /** The seed's {@code MyThread}: a consumer thread with its own task queue. */
    static final class MyThread extends Thread {
        private static final Runnable STOP = () -> { };
        private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(5); // self.queue = queue.Queue(5)

        MyThread() {
            super("MyThread");
        }

        @Override
        public void run() {
            while (true) {
                Runnable task;
                try {
                    task = queue.take();              // task = self.queue.get()
                } catch (InterruptedException e) {
                    return;
                }
                if (task == STOP) {
                    return;
                }
                System.out.println("拿到了 (got): " + task);
                task.run();
            }
        }

        /** The producer side: waits while the queue holds five tasks. */
        void applyAsync(Runnable task) throws InterruptedException {
            queue.put(task);                          // self.queue.put(task)
        }

        /** Lets the thread finish the tasks already queued, then end. */
        void shutdown() throws InterruptedException {
            queue.put(STOP);
        }
    }

    /** A named task, so the consumer can print what it got. */
    record Named(String name, long sleepMs) implements Runnable {
        @Override
        public void run() {
            System.out.println(name + "开始 (" + name + " starts)");
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println(name + "完成 (" + name + " done)");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long ms = new Pace(quick).ms(1000);
        MyThread thread = new MyThread();
        thread.start();
        thread.applyAsync(new Named("任务一 (task_1)", ms));
        thread.applyAsync(new Named("任务二 (task_2)", ms));
        thread.shutdown();
        thread.join();
        System.out.println("MyThread ended: alive=" + thread.isAlive() + ". Fixed from the seed: an end mark on the"
                + " queue stops the consumer, so the program can exit.");
    }
}
