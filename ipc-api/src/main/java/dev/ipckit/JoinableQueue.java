package dev.ipckit;

import java.time.Duration;

/**
 * A {@link Queue} that counts unfinished items: Python's {@code JoinableQueue}. Each put adds one; each
 * {@link #taskDone()} removes one; {@link #join()} waits for zero. Works across processes like the queue.
 *
 * @param <E> the item type
 */
public interface JoinableQueue<E> extends Queue<E> {

    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    void taskDone();

    /** Waits until every item put has been marked done. */
    void join();

    /**
     * Waits until every item put has been marked done, up to a timeout.
     *
     * @param timeout the longest wait
     * @return whether the count reached zero in time
     */
    boolean join(Duration timeout);
}
