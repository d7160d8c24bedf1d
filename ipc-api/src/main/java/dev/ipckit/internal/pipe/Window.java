package dev.ipckit.internal.pipe;

import dev.ipckit.FrameException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;

import java.nio.ByteBuffer;

/**
 * The flow control of one pipe end, both ways, counted in bytes: how much this end may still send before
 * its peer has read it, and how much of what it received it has read but not yet told the peer about.
 * As in TCP's receive window or HTTP/2's stream windows, a reader grants room as it reads, so a sender
 * never gets further ahead of its reader than the window; nothing is dropped, the sender waits.
 *
 * <p>Counts are cumulative (bytes ever sent, bytes ever read), so a grant is idempotent: a newer grant
 * supersedes an older one and one repeated after a move of the end does no harm.
 *
 * <p>The rule that keeps this free of deadlock whatever the frame sizes: a sender may always send while
 * less than a quarter of the window is unread, and otherwise only what fits in the window; a reader grants
 * each time it has read a quarter of the window since its last grant. A blocked sender has at least a
 * quarter unread, so its reader's next quarter brings the grant. What a reader holds is thus at most the
 * window, or a quarter of it plus one frame.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Window {
    private final int bytes;
    private long sent;
    private long granted;
    private long read;
    private long readGranted;

    /**
     * @param bytes the window
     * @param sent bytes this end had sent, where it was before
     * @param granted bytes of those its peer had read, as it last said
     * @param read bytes this end had read
     */
    Window(int bytes, long sent, long granted, long read) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("pipe window must be positive, bytes=" + bytes);
        }
        this.bytes = bytes;
        this.sent = sent;
        this.granted = granted;
        this.read = read;
        this.readGranted = read;
    }

    /** @param bytes the window of a new end */
    public Window(int bytes) {
        this(bytes, 0, 0, 0);
    }

    /** @return the window in bytes */
    public int bytes() {
        return bytes;
    }

    /**
     * Takes room for a frame if there is some now.
     *
     * @param cost the frame's {@link dev.ipckit.internal.Inbox#cost cost}
     * @return whether the room was taken
     */
    synchronized boolean tryAcquire(long cost) {
        if (hasRoom(cost)) {
            sent += cost;
            return true;
        }
        return false;
    }

    /**
     * @param cost a frame's cost
     * @return whether it may be sent now
     */
    synchronized boolean hasRoom(long cost) {
        long unread = sent - granted;
        return unread < bytes / 4 || unread + cost <= bytes;
    }

    /**
     * Waits for a grant that makes room, for one slice.
     *
     * @param cost a frame's cost
     * @param nanos the longest wait; at most 20 ms is waited, so that a waiter looks whether its peer is gone
     * @return whether there is room now
     * @throws InterruptedException if interrupted
     */
    synchronized boolean awaitRoom(long cost, long nanos) throws InterruptedException {
        if (!hasRoom(cost)) {
            long waitNanos = Math.min(nanos, 20_000_000L);
            wait(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
        return hasRoom(cost);
    }

    /** @param readTotal bytes the peer says it has read, in all */
    public synchronized void grant(long readTotal) {
        if (readTotal > granted) {
            granted = readTotal;
            notifyAll();
        }
    }

    /** @return the bytes the peer has said it read, in all */
    public synchronized long grantedTotal() {
        return granted;
    }

    /**
     * Counts a frame this end has read.
     *
     * @param cost the frame's {@link dev.ipckit.internal.Inbox#cost cost}
     * @return the total to grant the peer now, or -1 when no grant is due
     */
    synchronized long read(long cost) {
        read += cost;
        if (read - readGranted >= bytes / 4) {
            readGranted = read;
            return read;
        }
        return -1;
    }

    /** @return the state that moves with the end to another process: window, sent, granted, read */
    synchronized long[] state() {
        return new long[] {bytes, sent, granted, read};
    }

    /**
     * @param state what {@link #state} gave in the process the end came from
     * @return a window in that state
     */
    static Window of(long[] state) {
        return new Window((int) state[0], state[1], state[2], state[3]);
    }

    /**
     * @param endId the end the grant is for (the sender's end)
     * @param readTotal bytes read in all
     * @return the CREDIT frame
     */
    public static Frame grantFrame(int endId, long readTotal) {
        return new Frame(FrameKind.CREDIT, (byte) 0, endId,
                ByteBuffer.allocate(Long.BYTES).putLong(0, readTotal).array());
    }

    /**
     * @param frame a CREDIT frame
     * @return the total it grants
     * @throws dev.ipckit.FrameException if its payload is not one long
     */
    public static long granted(Frame frame) {
        if (frame.payload().length != Long.BYTES) {
            throw new FrameException("bad CREDIT frame, length=" + frame.payload().length);
        }
        return ByteBuffer.wrap(frame.payload()).getLong();
    }
}
