package dev.ipckit.internal.pool;

import dev.ipckit.Fn;
import dev.ipckit.internal.shm.AutoShare;

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
    volatile boolean timedOut;
    private boolean settled;
    /** What was shared to send this chunk; freed when it is settled (the worker has read it by then). */
    private AutoShare share;

    Chunk(long id, int fnId, Fn<Object, Object> fn, Object[] args, int position, Sink sink) {
        this.id = id;
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

    /** @return whether it was already settled (and nothing happened now) */
    private boolean settle() {
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
        return false;
    }

    synchronized boolean isSettled() {
        return settled;
    }

    void complete(Object[] results) {
        if (!settle()) {
            sink.done(this, results);
        }
    }

    void fail(Throwable error) {
        if (!settle()) {
            sink.failed(this, error);
        }
    }
}
