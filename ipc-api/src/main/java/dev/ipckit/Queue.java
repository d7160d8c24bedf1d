package dev.ipckit;

import java.time.Duration;

/**
 * A FIFO queue shared by processes: Python's {@code multiprocessing.Queue}. The process that creates it
 * owns it; every process it is handed to (captured by a {@link Task}) puts and gets on the same queue,
 * and each item is delivered to exactly one getter. Items are serialized once by the putter and
 * deserialized once by the getter; the owner keeps them as bytes.
 *
 * <p>The forms of {@link java.util.concurrent.BlockingQueue}:
 * <table>
 *   <caption>Queue methods</caption>
 *   <tr><th></th><th>throws</th><th>special value</th><th>blocks</th><th>times out</th></tr>
 *   <tr><td>insert</td><td>{@link #add add(e)}</td><td>{@link #offer(Object) offer(e)}</td>
 *       <td>{@link #put put(e)}</td><td>{@link #offer(Object, Duration) offer(e, timeout)}</td></tr>
 *   <tr><td>remove</td><td>{@link #remove() remove()}</td><td>{@link #poll() poll()}</td>
 *       <td>{@link #take take()}</td><td>{@link #poll(Duration) poll(timeout)}</td></tr>
 * </table>
 * There is no {@code peek}: across processes what it returned could be gone before it was used.
 * {@code null} items are refused, as in {@code BlockingQueue}.
 *
 * <p>{@link #close()} by the owner closes the queue for everyone: puts fail, gets drain what is left
 * and then fail — with {@link PeerClosedException} in the other processes (their peer, the owner, closed
 * it) and with {@link QueueClosedException}, an {@link IllegalStateException}, in the owner (its own
 * misuse, as Python raises {@code ValueError}). In any other process, {@code close()} only ends that
 * process's use of it, as Python's {@code Queue.close()} does; using that handle afterwards throws
 * {@link QueueClosedException}.
 *
 * <p>A queue passes to a child inside the task that starts it (a captured value), and from there on to
 * the child's own children, to any depth: their calls are relayed through each process in between to the
 * owner, which alone decides every put, get and timeout. A handle passed on does not prefetch (each get is
 * one call through every hop), so no item is ever lent to a process in between; an item on its way to a
 * process that died goes back to the head of the queue.
 *
 * <p><b>Thread-safe.</b>
 *
 * @param <E> the item type
 */
public interface Queue<E> extends AutoCloseable {

    /**
     * Inserts at once or throws.
     *
     * @param item the item
     * @throws IllegalStateException if the queue is full
     * @throws PeerClosedException if the owner, another process, closed the queue
     * @throws QueueClosedException if this process closed the queue or its use of it
     */
    void add(E item);

    /**
     * Inserts at once if there is room.
     *
     * @param item the item
     * @return whether it was inserted
     * @throws PeerClosedException if the owner, another process, closed the queue
     * @throws QueueClosedException if this process closed the queue or its use of it
     */
    boolean offer(E item);

    /**
     * Inserts, waiting for room as long as it takes.
     *
     * @param item the item
     * @throws PeerClosedException if the owner, another process, closed the queue
     * @throws QueueClosedException if this process closed the queue or its use of it
     * @throws IpcException wrapping an interrupt (the interrupt flag is set again)
     */
    void put(E item);

    /**
     * Inserts, waiting for room up to a timeout.
     *
     * @param item the item
     * @param timeout the longest wait
     * @return whether it was inserted
     * @throws PeerClosedException if the owner, another process, closed the queue
     * @throws QueueClosedException if this process closed the queue or its use of it
     */
    boolean offer(E item, Duration timeout);

    /**
     * Removes the head at once or throws.
     *
     * @return the head
     * @throws java.util.NoSuchElementException if the queue is empty
     * @throws PeerClosedException if the owner, another process, closed the queue and it is empty
     * @throws QueueClosedException if this process, the owner, closed the queue and it is empty, or this process
     *         closed its use of it
     */
    E remove();

    /**
     * Removes the head if there is one.
     *
     * @return the head, or null if the queue is empty
     * @throws PeerClosedException if the owner, another process, closed the queue and it is empty
     * @throws QueueClosedException if this process, the owner, closed the queue and it is empty, or this process
     *         closed its use of it
     */
    E poll();

    /**
     * Removes the head, waiting for one as long as it takes.
     *
     * @return the head
     * @throws PeerClosedException if the owner, another process, closed the queue and it is empty
     * @throws QueueClosedException if this process, the owner, closed the queue and it is empty, or this process
     *         closed its use of it
     * @throws IpcException wrapping an interrupt (the interrupt flag is set again)
     */
    E take();

    /**
     * Removes the head, waiting for one up to a timeout.
     *
     * @param timeout the longest wait
     * @return the head, or null if none came in time
     * @throws PeerClosedException if the owner, another process, closed the queue and it is empty
     * @throws QueueClosedException if this process, the owner, closed the queue and it is empty, or this process
     *         closed its use of it
     */
    E poll(Duration timeout);

    /** @return the number of items in the queue now; stale as soon as it returns (Python's {@code qsize}) */
    int size();

    /** @return whether {@link #size()} is 0 */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** @return the capacity, or {@link Integer#MAX_VALUE} if unbounded */
    int capacity();

    /** Closes the queue (owner) or this process's use of it (anyone else). */
    @Override
    void close();
}
