package dev.ipckit.internal.pool;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.SerializationException;
import dev.ipckit.internal.shm.AutoShare;
import dev.ipckit.WorkerDiedException;
import dev.ipckit.internal.LocalRuntime;
import dev.ipckit.internal.process.ChildProcess;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One worker process and the two threads that serve it: a sender that takes chunks from the pool and
 * keeps up to {@link #IN_FLIGHT} of them with the worker (so the worker never waits for a round trip) —
 * but takes another only while no worker holding fewer waits for one (so slow tasks spread out),
 * and a receiver that settles them in order. When the worker ends, the chunk it was running fails
 * (timeout or {@link WorkerDiedException}), the chunks queued behind it go back to the pool untouched,
 * and the pool starts a replacement.
 */
final class WorkerSlot implements Slot {
    /**
     * Chunks a worker holds ahead of its results, at most: with small chunks, enough to hide the round
     * trip behind work (a chunk of one item is done long before its result is back).
     */
    static final int IN_FLIGHT = Integer.getInteger("ipckit.pool.inFlight", 8);
    /** Chunks a worker holds at least, whatever their size: the next one is there when one finishes. */
    static final int MIN_IN_FLIGHT = 2;
    /** Items beyond which a worker gets no more than {@link #MIN_IN_FLIGHT} chunks: large chunks balance better. */
    static final int ITEMS_AHEAD = 64;

    private final PoolCore pool;
    private final IpcContext ctx;
    private final String name;
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    private final Set<Integer> knownFns = new HashSet<>();
    private IpcProcess process;
    private Connection conn;
    private int sentTasks;
    private int inFlightItems;
    private boolean ended;
    private volatile boolean idle;
    private volatile boolean fatal;
    /** The chunks held while ready to take another, or -1 (full, retiring, ended). */
    private volatile int load = -1;
    /** The longest a worker holds back for a less loaded one, per chunk: a stuck sender cannot stall the pool. */
    private static final long MAX_DEFER_NANOS = 2_000_000;
    private boolean ready;

    WorkerSlot(PoolCore pool, IpcContext ctx, String name) {
        this.pool = pool;
        this.ctx = ctx;
        this.name = name;
    }

    /** Starts the worker process and its two threads. */
    @Override
    public void start() {
        Pipe pipe = ctx.pipe();
        Connection workerEnd = pipe.right();
        ChildProcess p = (ChildProcess) ctx.process(new WorkerMain(workerEnd, pool.options().initializer()));
        if (pool.spares() != null) {
            p.sparesFrom(pool.spares());
        }
        process = p.name(name).daemon(true).start();
        conn = pipe.left();
        thread(this::sendLoop, "ipckit-pool-send-" + name);
        thread(this::receiveLoop, "ipckit-pool-recv-" + name);
    }

    private static void thread(Runnable body, String threadName) {
        Thread t = new Thread(body, threadName);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public boolean retiredIdle() {
        return idle;
    }

    @Override
    public int load() {
        return load;
    }

    @Override
    public long livePid() {
        IpcProcess p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    @Override
    public synchronized String startFailure() {
        if (ready || !ended || process.exitCode().orElse(0) == 0) {
            return null;
        }
        return "exitCode=" + process.exitCode().getAsInt() + ", stderr tail:\n  " + String.join("\n  ", process.stderrTail());
    }

    /** @return whether this worker holds enough work ahead; caller holds the lock */
    private boolean full() {
        int n = inFlight.size();
        return n >= MIN_IN_FLIGHT && (n >= IN_FLIGHT || inFlightItems >= ITEMS_AHEAD);
    }

    private boolean quotaReached() {
        int max = pool.options().maxTasksPerChild();
        return max > 0 && sentTasks >= max;
    }

    private void sendLoop() {
        try {
            long deferred = 0;
            while (true) {
                int holding;
                synchronized (this) {
                    while (!ended && full()) {
                        load = -1;
                        wait();
                    }
                    if (ended) {
                        return;
                    }
                    if (quotaReached()) {
                        break;
                    }
                    holding = inFlight.size();
                    load = holding;
                }
                if (holding > 0 && deferred < MAX_DEFER_NANOS && pool.lessLoaded(this, holding)) {
                    // a less loaded worker takes the next chunk (within microseconds): slow tasks spread out
                    long t0 = System.nanoTime();
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    deferred += System.nanoTime() - t0;
                    continue;
                }
                deferred = 0;
                Chunk c = pool.nextChunk();
                if (c == null) {
                    break;
                }
                if (c == PoolCore.IDLE) {
                    idle = true;
                    break;
                }
                if (!send(c)) {
                    return;
                }
            }
            // retiring (quota) or the pool is shutting down: let what was sent finish, then stop the worker
            load = -1;
            synchronized (this) {
                while (!ended && !inFlight.isEmpty()) {
                    wait();
                }
                if (ended) {
                    return;
                }
            }
            conn.send(new PoolWire.Stop());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PeerClosedException e) {
            // the worker is gone: the receiver settles what it held
        } finally {
            load = -1;
        }
    }

    /** @return false if the worker is gone (the chunk went back to the pool) */
    private boolean send(Chunk c) {
        boolean newFn;
        synchronized (this) {
            if (ended) {
                pool.requeue(List.of(c));
                return false;
            }
            inFlight.add(c);
            inFlightItems += c.args.length;
            if (inFlight.size() == 1) {
                running(c);
            }
            newFn = !knownFns.contains(c.fnId);
        }
        try (AutoShare.Entered shared = AutoShare.enter(c.share(pool.options().shareThreshold()))) {
            conn.send(new PoolWire.Work(c.id, c.fnId, newFn ? c.fn : null, Packed.pack(c.args)));
        } catch (SerializationException e) {
            synchronized (this) {
                if (inFlight.remove(c)) {
                    inFlightItems -= c.args.length;
                }
                notifyAll();
            }
            c.fail(e);
            return true;
        } catch (PeerClosedException e) {
            return false;
        }
        synchronized (this) {
            if (newFn) {
                knownFns.add(c.fnId);
            }
            sentTasks += c.args.length;
        }
        return true;
    }

    /**
     * A chunk is now the one the worker runs: start its clock. Not before the worker is ready: a JVM
     * that is still starting is not running the task.
     */
    private void running(Chunk c) {
        if (ready) {
            c.started();
        }
        Duration limit = pool.options().taskTimeout();
        if (limit == null || !ready) {
            return;
        }
        long nanos = limit.toNanos() * Math.max(1, c.args.length);
        LocalRuntime.get().timer().schedule(() -> {
            synchronized (this) {
                if (inFlight.peek() != c || c.isSettled()) {
                    return;
                }
                c.timedOut = true;
            }
            process.kill();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void receiveLoop() {
        while (true) {
            Object m;
            try {
                m = conn.recv();
            } catch (PeerClosedException e) {
                workerEnded();
                return;
            } catch (SerializationException e) {
                settleHead(null, e);
                continue;
            }
            if (m instanceof PoolWire.Done d) {
                settleHead(Packed.unpack(d.results()), null);
            } else if (m instanceof PoolWire.Failed f) {
                if (f.fatal()) {
                    fatal = true; // the worker exits now: what it was sent after this never ran
                }
                settleHead(null, f.index() < 0
                        ? new SerializationException("the results of a task could not be sent back, worker=" + name,
                        f.error().toException(name))
                        : f.error().toException(name));
            } else if (m instanceof PoolWire.InitFailed f) {
                pool.broken(f.error().toException(name));
            } else if (m instanceof PoolWire.Ready) {
                synchronized (this) {
                    ready = true;
                    Chunk head = inFlight.peek();
                    if (head != null) {
                        running(head);
                    }
                }
                pool.workerReady();
            }
        }
    }

    private void settleHead(Object[] results, Throwable error) {
        Chunk c;
        synchronized (this) {
            c = inFlight.poll();
            if (c != null) {
                inFlightItems -= c.args.length;
            }
            Chunk next = inFlight.peek();
            if (next != null) {
                running(next);
            }
            notifyAll();
        }
        if (c == null) {
            return;
        }
        if (error != null) {
            c.fail(error);
        } else {
            c.complete(results);
        }
    }

    private void workerEnded() {
        process.join(Duration.ofSeconds(30));
        Chunk head;
        List<Chunk> rest;
        synchronized (this) {
            ended = true;
            head = inFlight.poll();
            rest = new ArrayList<>(inFlight);
            inFlight.clear();
            inFlightItems = 0;
            notifyAll();
        }
        RuntimeException broken = pool.brokenError();
        if (broken != null) {
            if (head != null) {
                head.fail(broken);
            }
            rest.forEach(c -> c.fail(broken));
        } else if (head != null && fatal) {
            rest.add(0, head); // it never ran: the worker reported a fatal error before it and exited
        } else if (head != null) {
            if (head.timedOut) {
                head.fail(new IpcTimeoutException("task ran past the pool's task timeout; its worker was killed"
                        + " and replaced, worker=" + name + ", pid=" + process.pid() + ", timeout="
                        + pool.options().taskTimeout() + " per task, tasks in chunk=" + head.args.length));
            } else {
                int code = process.exitCode().orElse(Integer.MIN_VALUE);
                head.fail(new WorkerDiedException("a pool worker died while running a task", name, process.pid(),
                        code, process.stderrTail()));
            }
        }
        pool.requeue(rest);
        pool.workerEnded(this);
    }

    @Override
    public synchronized boolean died() {
        return ended && process.exitCode().orElse(0) != 0;
    }

    /** Kills the worker (shutdownNow, close). */
    @Override
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }
}
