package dev.ipckit.hazelcast;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Calls of one function on consecutive arguments, sent to a member together. Settled once: by
 * {@link #complete} or {@link #fail}, whichever comes first; a result that arrives after a timeout or a
 * cancellation is dropped. Where it runs and how often it was sent are the {@link Dispatcher}'s, guarded
 * by its lock.
 */
final class ClusterChunk {
    /** Where a chunk's outcome goes. */
    interface Sink {
        /**
         * @param chunk the chunk
         * @param results one per argument
         */
        void done(ClusterChunk chunk, Object[] results);

        /**
         * @param chunk the chunk
         * @param error why it failed
         */
        void failed(ClusterChunk chunk, Throwable error);
    }

    final long id;
    final FnRef fn;
    final byte[] args;
    final int size;
    final int position;
    final Sink sink;

    // guarded by the dispatcher
    int attempts;
    MemberSlot member;
    long sentNanos;
    MemberInfo lostFrom;

    private Future<ChunkAnswer> future;
    private boolean settled;

    ClusterChunk(long id, FnRef fn, byte[] args, int size, int position, Sink sink) {
        this.id = id;
        this.fn = fn;
        this.args = args;
        this.size = size;
        this.position = position;
        this.sink = sink;
    }

    /** @return whether it was already settled (and nothing happened now) */
    private synchronized boolean settle() {
        if (settled) {
            return true;
        }
        settled = true;
        return false;
    }

    synchronized boolean isSettled() {
        return settled;
    }

    /** Records the future of the send in progress; cancels it at once if the chunk was settled meanwhile. */
    void sent(Future<ChunkAnswer> f) {
        boolean cancel;
        synchronized (this) {
            future = f;
            cancel = settled;
        }
        if (cancel) {
            cancelRemote();
        }
    }

    /**
     * Interrupts the call on its member, if it is there now. Hazelcast's cancel is a request to the member
     * that waits for its answer, so it is sent from another thread; a member that is gone has nothing to cancel.
     */
    void cancelRemote() {
        Future<ChunkAnswer> f;
        synchronized (this) {
            f = future;
        }
        if (f != null && !f.isDone()) {
            CompletableFuture.runAsync(() -> {
                try {
                    f.cancel(true);
                } catch (RuntimeException e) {
                    // the member or the connection is gone: the call ends with it
                }
            });
        }
    }

    void complete(Object[] results) {
        if (!settle()) {
            sink.done(this, results);
        }
    }

    void fail(Throwable error) {
        if (!settle()) {
            sink.failed(this, error);
            cancelRemote();
        }
    }

    /**
     * The function of a map, as chunks carry it: its key always, its bytes only when small enough to travel
     * with each chunk (else members read them once from the cluster's function map).
     *
     * @param key unique per map or call
     * @param inline the encoded function, or null when stored in the cluster
     */
    record FnRef(String key, byte[] inline) {
    }
}
