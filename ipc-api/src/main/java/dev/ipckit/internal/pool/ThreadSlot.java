package dev.ipckit.internal.pool;

import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.internal.process.LocalRuntime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A pool worker that is a thread of this JVM: the thread pool's slot. Runs chunks directly, with the
 * same initializer, task limit and timeout rules as a worker process, except that a timed-out task is
 * interrupted and abandoned — a thread cannot be killed — and a fresh thread takes its place.
 */
final class ThreadSlot implements Slot {
    private final PoolCore pool;
    private final String name;
    private Thread thread;
    private volatile Chunk running;
    /** Set when a timed-out task's thread was given up: a replacement has taken this slot's place. */
    private volatile boolean replaced;
    private volatile boolean idle;

    ThreadSlot(PoolCore pool, String name) {
        this.pool = pool;
        this.name = name;
    }

    @Override
    public void start() {
        thread = new Thread(this::loop, "ipckit-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        if (pool.options().initializer() != null) {
            try {
                pool.options().initializer().run();
            } catch (Throwable t) {
                pool.broken(new IpcException("pool initializer failed; the pool cannot run tasks, cause=" + t, t));
                pool.workerEnded(this);
                return;
            }
        }
        pool.workerReady(this);
        int tasks = 0;
        int max = pool.options().maxTasksPerChild();
        try {
            while (max == 0 || tasks < max) {
                Chunk c = pool.nextChunk();
                if (c == null) {
                    break;
                }
                if (c == PoolCore.IDLE) {
                    idle = true;
                    break;
                }
                run(c);
                tasks += c.args.length;
                if (replaced) {
                    return; // timed out: the pool already counted this slot as ended
                }
            }
        } catch (InterruptedException e) {
            // killed (shutdownNow, close)
        }
        if (!replaced) {
            pool.workerEnded(this);
        }
    }

    private void run(Chunk c) {
        running = c;
        c.started();
        Duration limit = pool.options().taskTimeout();
        if (limit != null) {
            long nanos = limit.toNanos() * Math.max(1, c.args.length);
            LocalRuntime.get().timer().schedule(() -> timeOut(c, limit), nanos, TimeUnit.NANOSECONDS);
        }
        Object[] results = new Object[c.args.length];
        try {
            for (int i = 0; i < c.args.length; i++) {
                results[i] = c.fn.apply(c.args[i]);
            }
            c.complete(results);
        } catch (Throwable t) {
            c.fail(t);
        } finally {
            running = null;
            Thread.interrupted(); // a late timeout's interrupt must not leak into the next task
        }
    }

    private void timeOut(Chunk c, Duration limit) {
        if (running != c || c.isSettled()) {
            return;
        }
        c.timedOut = true;
        c.fail(new IpcTimeoutException("task ran past the pool's task timeout; its thread was interrupted and"
                + " replaced, worker=" + name + ", timeout=" + limit + " per task, tasks in chunk=" + c.args.length));
        replaced = true;
        thread.interrupt();
        pool.workerEnded(this);
    }

    @Override
    public boolean died() {
        return replaced;
    }

    @Override
    public void kill() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean retiredIdle() {
        return idle;
    }

    @Override
    public long livePid() {
        return -1;
    }

    @Override
    public String startFailure() {
        return null;
    }
}
