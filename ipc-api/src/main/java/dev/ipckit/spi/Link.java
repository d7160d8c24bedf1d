package dev.ipckit.spi;

import java.time.Duration;

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
     * @param handler receives frames on the link's reader thread
     */
    void start(FrameHandler handler);

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
