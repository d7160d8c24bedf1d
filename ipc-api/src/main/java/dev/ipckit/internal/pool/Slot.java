package dev.ipckit.internal.pool;

/**
 * One worker of a pool: a process ({@link WorkerSlot}) or a thread ({@link ThreadSlot}). It takes chunks
 * from its pool until the pool has no more for it, and tells the pool when it ends.
 */
interface Slot {

    /** Starts the worker; it starts taking chunks once ready. */
    void start();

    /** Ends the worker now, failing nothing itself: what it held is settled when it reports its end. */
    void kill();

    /** @return the pid of its process while that is alive, or -1 (a thread, or ended) */
    long livePid();

    /** @return whether it ended because it waited its idle timeout without work */
    boolean retiredIdle();

    /** @return why it ended before it ever became ready, or null if it became ready or has not ended */
    String startFailure();

    /**
     * @return how many chunks it holds while it is ready to take another, or -1 if it is not (full, retiring,
     *     ended): a worker holding more holds back briefly, so that chunks go to the least loaded worker
     */
    default int load() {
        return -1;
    }

    /**
     * @return whether it ended abnormally: its process was killed or crashed, or its task timed out (not an
     *     exit at {@code maxTasksPerChild}, an idle timeout or a normal stop)
     */
    default boolean died() {
        return false;
    }
}
