package dev.ipckit.internal.pool;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.SerializationException;
import dev.ipckit.WorkerDiedException;
import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.internal.process.ChildProcess;
import dev.ipckit.internal.autoshare.AutoShare;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker process and the two threads that serve it: a sender that takes chunks from the pool and
 * keeps up to {@link #MAX_IN_FLIGHT} of them, about {@link #AHEAD_NANOS} of work, with the worker (so the
 * worker never waits for a round trip), refilling in batches sent as one frame — but takes another only
 * while no worker holding fewer waits for one (so slow tasks spread out); and a receiver that settles them
 * in order. When the worker ends, the chunk it was running fails (timeout or {@link WorkerDiedException}),
 * the chunks queued behind it go back to the pool untouched, and the pool starts a replacement.
 */
final class WorkerSlot implements Slot {
    /**
     * Chunks a worker holds ahead of its results, at most (property {@code ipckit.pool.inFlight}): with small
     * chunks, enough to hide the round trip behind work (a chunk of one trivial item is done long before its
     * result is back).
     */
    static final int MAX_IN_FLIGHT = Math.max(2, Integer.getInteger("ipckit.pool.inFlight", 256));
    /** Chunks a worker holds at least, whatever their size: the next one is there when one finishes. */
    static final int MIN_IN_FLIGHT = 2;
    /** Items a worker holds at most before a map's tasks have been timed: large chunks balance better. */
    static final int ITEMS_AHEAD = 64;
    /** Chunks a worker holds at most before a map's tasks have been timed: its first tasks may be slow ones. */
    static final int UNTIMED_IN_FLIGHT = 8;
    /**
     * Work a worker holds ahead once its tasks have been timed, in nanoseconds (property
     * {@code ipckit.pool.aheadMicros}): enough to cover a round trip of the link many times over, little
     * enough that the end of a map is not held up by one worker's backlog while another is idle.
     */
    static final long AHEAD_NANOS = Long.getLong("ipckit.pool.aheadMicros", 10_000) * 1_000;

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

    /** The time per item this worker takes for {@link #timedFn}, smoothed (nanoseconds), or 0 before the first. */
    private double itemNanos;
    /** The function (one per map) whose time {@link #itemNanos} is: another map's tasks may cost anything. */
    private int timedFn = -1;
    /** The function of the chunk the sender took last. */
    private int sendingFn = -1;
    /** Since when this worker has been busy without a break, in the current timing window, or 0. */
    private long windowStart;
    /** Items settled in the current timing window. */
    private long windowItems;
    /** The shortest timing window: results arrive in bursts, so one chunk's time says little. */
    private static final long WINDOW_NANOS = 500_000;

    /** @return whether the work being sent has been timed on this worker; caller holds the lock */
    private boolean timedNow() {
        return itemNanos > 0 && timedFn == sendingFn;
    }

    /** @return the items this worker may hold ahead: {@link #AHEAD_NANOS} of work once timed; caller holds the lock */
    private long itemsAhead() {
        return !timedNow() ? ITEMS_AHEAD : Math.max(1, Math.min(1 << 20, (long) (AHEAD_NANOS / itemNanos)));
    }

    /** @return the chunks this worker may hold ahead; caller holds the lock */
    private int chunksAhead() {
        return timedNow() ? MAX_IN_FLIGHT : UNTIMED_IN_FLIGHT;
    }

    /**
     * Whether the sender should take more work now: once it holds half its allowance or less, so that it
     * refills in batches (one frame and one wake-up for many small chunks), not one chunk per result.
     * Caller holds the lock.
     */
    private boolean wantsMore() {
        int n = inFlight.size();
        return n < MIN_IN_FLIGHT || n <= chunksAhead() / 2 && inFlightItems <= itemsAhead() / 2;
    }

    /**
     * @param held chunks held, counting those gathered for the next batch
     * @param items their items
     * @return whether a batch being gathered has room for one more chunk
     */
    private synchronized boolean room(int held, long items) {
        return held < MIN_IN_FLIGHT || held < chunksAhead() && items < itemsAhead();
    }

    /**
     * A chunk's results came: add it to the timing window, which spans at least {@link #WINDOW_NANOS} of
     * unbroken work, and fold the window's time per item into the estimate. Caller holds the lock.
     */
    private void timed(Chunk c) {
        long now = System.nanoTime();
        if (c.fnId != timedFn) {
            timedFn = c.fnId; // a new map: its tasks are timed afresh
            itemNanos = 0;
            windowStart = 0;
        }
        if (windowStart == 0) {
            windowStart = c.startedNanos();
            windowItems = 0;
            if (windowStart == 0) {
                return;
            }
        }
        windowItems += c.args.length;
        long elapsed = now - windowStart;
        if (elapsed >= WINDOW_NANOS && windowItems > 0) {
            double perItem = (double) elapsed / windowItems;
            itemNanos = itemNanos <= 0 ? perItem : itemNanos + (perItem - itemNanos) / 4;
            windowStart = now;
            windowItems = 0;
        }
        if (inFlight.isEmpty()) {
            windowStart = 0; // idle from here: a pause is not work
        }
    }

    private boolean quotaReached() {
        return quotaReached(0);
    }

    /** @param more tasks gathered but not yet sent */
    private boolean quotaReached(long more) {
        int max = pool.options().maxTasksPerChild();
        return max > 0 && sentTasks + more >= max;
    }

    private void sendLoop() {
        try {
            long deferred = 0;
            while (true) {
                int holding;
                long holdingItems;
                synchronized (this) {
                    while (!ended && !wantsMore()) {
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
                    holdingItems = inFlightItems;
                    load = holding;
                }
                if (holding > 0 && deferred < MAX_DEFER_NANOS && pool.lessLoaded(this, holding)) {
                    // a less loaded worker takes the next chunk (within microseconds): slow tasks spread out
                    long t0 = System.nanoTime();
                    LockSupport.parkNanos(20_000);
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
                if (!send(gather(c, holding, holdingItems))) {
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

    /**
     * Adds to a chunk taken the chunks queued behind it, while this worker has room for them, no worker
     * holding fewer could take them, and the task quota allows.
     */
    private List<Chunk> gather(Chunk first, int holding, long holdingItems) {
        synchronized (this) {
            sendingFn = first.fnId;
        }
        List<Chunk> batch = new ArrayList<>(4);
        batch.add(first);
        int held = holding + 1;
        long items = holdingItems + first.args.length;
        long batchItems = first.args.length;
        while (room(held, items) && !quotaReached(batchItems) && !pool.lessLoaded(this, held)) {
            Chunk next = pool.pollChunk();
            if (next == null) {
                break;
            }
            batch.add(next);
            held++;
            items += next.args.length;
            batchItems += next.args.length;
        }
        return batch;
    }

    /** @return false if the worker is gone (the chunks went back to the pool) */
    private boolean send(List<Chunk> batch) {
        Set<Integer> newFns = new HashSet<>();
        synchronized (this) {
            if (ended) {
                pool.requeue(batch);
                return false;
            }
            boolean wasIdle = inFlight.isEmpty();
            for (Chunk c : batch) {
                inFlight.add(c);
                inFlightItems += c.args.length;
                if (!knownFns.contains(c.fnId)) {
                    newFns.add(c.fnId);
                }
            }
            if (wasIdle) {
                running(batch.get(0));
            }
        }
        if (batch.size() > 1) {
            PoolWire.Work[] works = new PoolWire.Work[batch.size()];
            Set<Integer> carried = new HashSet<>();
            for (int i = 0; i < works.length; i++) {
                Chunk c = batch.get(i);
                boolean carry = newFns.contains(c.fnId) && carried.add(c.fnId);
                works[i] = work(c, carry);
            }
            // one scope for the frame: the worker reads the whole batch before it settles the first chunk
            try (AutoShare.Entered shared = AutoShare.enter(batch.get(0).share(pool.options().shareThreshold()))) {
                conn.send(new PoolWire.Batch(works));
                sent(batch, newFns);
                return true;
            } catch (SerializationException e) {
                // one chunk cannot be sent: send them one by one, so that only that one fails
            } catch (PeerClosedException e) {
                return false;
            }
        }
        Set<Integer> carried = new HashSet<>();
        for (Chunk c : batch) {
            boolean carry = newFns.contains(c.fnId) && !carried.contains(c.fnId);
            try (AutoShare.Entered shared = AutoShare.enter(c.share(pool.options().shareThreshold()))) {
                conn.send(work(c, carry));
            } catch (SerializationException e) {
                synchronized (this) {
                    if (inFlight.remove(c)) {
                        inFlightItems -= c.args.length;
                    }
                    notifyAll();
                }
                c.fail(e);
                continue;
            } catch (PeerClosedException e) {
                return false;
            }
            if (carry) {
                carried.add(c.fnId);
            }
            sent(List.of(c), carried);
        }
        return true;
    }

    private static PoolWire.Work work(Chunk c, boolean withFn) {
        return new PoolWire.Work(c.id, c.fnId, withFn ? c.fn : null, Packed.pack(c.args));
    }

    private synchronized void sent(List<Chunk> chunks, Set<Integer> fnsNowKnown) {
        knownFns.addAll(fnsNowKnown);
        for (Chunk c : chunks) {
            sentTasks += c.args.length;
        }
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
                pool.workerReady(this);
            }
        }
    }

    private void settleHead(Object[] results, Throwable error) {
        Chunk c;
        synchronized (this) {
            c = inFlight.poll();
            if (c != null) {
                inFlightItems -= c.args.length;
                if (error == null) {
                    timed(c);
                }
            }
            Chunk next = inFlight.peek();
            if (next != null) {
                running(next);
            }
            if (wantsMore()) {
                notifyAll(); // the sender refills (or, retiring, sees the last one settled)
            }
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
