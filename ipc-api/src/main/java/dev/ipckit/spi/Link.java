package dev.ipckit.spi;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Moves frames between exactly one parent and one child, both ways: the one thing a transport
 * implements. Frames sent on a link arrive in the order they were sent, or the link reports itself
 * closed.
 *
 * <p><b>Thread-safe:</b> any number of threads may {@link #send} at once; frames from one thread keep
 * their order.
 */
public interface Link extends AutoCloseable {

    /**
     * Starts reading; every frame received from now on goes to the handler, then one
     * {@link FrameHandler#onClosed}. Call once.
     *
     * @param handler receives frames on the thread that reads the link: its reader thread, or a thread
     *     that waits in {@link #readInline} meanwhile; one frame at a time, in order
     */
    void start(FrameHandler handler);

    /**
     * Lets a thread that waits for a frame read the link itself: if no other thread is reading it, reads and
     * hands frames to the handler in the calling thread until {@code satisfied} is true, the deadline
     * passes, the link's spin budget passes without a frame, or the link ends. The fast path of
     * {@code recv}: no thread hand-off between the transport and the caller. The default reads nothing.
     *
     * @param satisfied what the caller waits for, checked before each read
     * @param deadlineNanos a {@link System#nanoTime()} after which to stop, or {@link Long#MAX_VALUE}
     * @return false if this thread did not read (another does, or the transport cannot), so the caller
     *     waits its own way; true if it read, whether or not it is satisfied
     */
    default boolean readInline(BooleanSupplier satisfied, long deadlineNanos) {
        return false;
    }

    /**
     * @return whether frames are arriving now (one came within the last few milliseconds): a waiter that
     *     could not lead tries again soon on an active link, rarely on an idle one. The default is false.
     */
    default boolean readActive() {
        return false;
    }

    /**
     * Queues a frame for sending and returns; transports batch small frames into one write. Blocks only
     * when too many bytes are already queued (back-pressure).
     *
     * @param frame the frame
     * @throws dev.ipckit.PeerClosedException if the link is closed or broken
     */
    void send(Frame frame);

    /**
     * Waits until every frame sent so far has been handed to the operating system.
     *
     * @param timeout how long to wait
     * @return whether everything was flushed in time
     */
    boolean flush(Duration timeout);

    /**
     * Closes the sending direction only, after flushing what is queued: the peer reads end of stream,
     * this side still receives. The parent does this when a child reports it is exiting, so the child's
     * reader thread is not left blocked in a read while its JVM shuts down. Idempotent. The default does
     * nothing, for transports whose peer is not blocked in a read.
     */
    default void shutdownOutput() {
    }

    /** Closes both directions; frames still queued are flushed first, briefly. Idempotent. */
    @Override
    void close();

    /** @return a short description for messages, such as {@code pipe[child=Process-1]} */
    String describe();
}
