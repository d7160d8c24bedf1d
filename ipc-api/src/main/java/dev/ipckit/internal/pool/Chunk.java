package dev.ipckit.internal.pool;

import dev.ipckit.Fn;
import dev.ipckit.internal.metrics.PoolMeter;
import dev.ipckit.internal.autoshare.AutoShare;

/**
 * Calls of one function, sent to a worker together. Settled once: by {@link #complete} or
 * {@link #fail}, whichever comes first.
 */
final class Chunk {
    /** Where a chunk's outcome goes. */
    interface Sink {
        /**
         * @param chunk the chunk
         * @param results one per argument
         */
        void done(Chunk chunk, Object[] results);

        /**
         * @param chunk the chunk
         * @param error why it failed
         */
        void failed(Chunk chunk, Throwable error);
    }

    final long id;
    final int fnId;
    final Fn<Object, Object> fn;
    final Object[] args;
    final int position;
    final Sink sink;
    private final PoolMeter meter;
    volatile boolean timedOut;
    /** When a worker started it ({@link System#nanoTime()}), or 0: the start of its task time. */
    private volatile long startedNanos;
    private boolean settled;
    /** What was shared to send this chunk; freed when it is settled (the worker has read it by then). */
    private AutoShare share;

    Chunk(long id, int fnId, Fn<Object, Object> fn, Object[] args, int position, Sink sink, PoolMeter meter) {
        this.id = id;
        this.meter = meter;
        this.fnId = fnId;
        this.fn = fn;
        this.args = args;
        this.position = position;
        this.sink = sink;
    }

    /**
     * @param threshold the pool's share threshold, 0 for off
     * @return the scope to send this chunk in (the same one if it is sent again), or null for none
     */
    synchronized AutoShare share(long threshold) {
        if (share == null && threshold > 0 && !settled) {
            share = new AutoShare(threshold);
        }
        return share;
    }

    /** A worker starts running it now (the first time counts). */
    void started() {
        if (startedNanos == 0) {
            startedNanos = System.nanoTime();
        }
    }

    /** @return when a worker started it ({@link System#nanoTime()}), or 0 if it has not */
    long startedNanos() {
        return startedNanos;
    }

    /** It goes back to the pool's queue unrun (its worker ended first): its time starts again. */
    void unstarted() {
        startedNanos = 0;
    }

    /** @return whether it was already settled (and nothing happened now) */
    private boolean settle(boolean ok) {
        AutoShare s;
        synchronized (this) {
            if (settled) {
                return true;
            }
            settled = true;
            s = share;
        }
        if (s != null) {
            s.close();
        }
        if (meter != null) {
            meter.settled(args.length, ok, startedNanos);
        }
        return false;
    }

    synchronized boolean isSettled() {
        return settled;
    }

    void complete(Object[] results) {
        if (!settle(true)) {
            sink.done(this, results);
        }
    }

    void fail(Throwable error) {
        if (!settle(false)) {
            sink.failed(this, error);
        }
    }
}
