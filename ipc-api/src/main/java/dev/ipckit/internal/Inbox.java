package dev.ipckit.internal;

import dev.ipckit.IpcException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Leading;
import dev.ipckit.spi.Link;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Frames received for one pipe end, waiting to be read. Whoever reads the link adds (its reader thread, or
 * a thread that waits here and leads the link, see {@link Leading}); users take.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Inbox {
    private static final Frame END = Frame.of(FrameKind.EOF, 0);

    private final LinkedTransferQueue<Frame> frames = new LinkedTransferQueue<>();
    /** A frame {@link #poll} took off the head to look at; older than anything in {@code frames}. */
    private final AtomicReference<Frame> peeked = new AtomicReference<>();
    private final String what;
    /** Bytes of DATA frames queued here, as a pipe's window counts them. */
    private final AtomicLong unread = new AtomicLong();
    /** Past this many unread bytes the sender broke the window: the end is closed, not the heap filled. */
    private volatile long overrun = Long.MAX_VALUE;
    private final AtomicReference<Supplier<? extends PeerClosedException>>
            endCause = new AtomicReference<>();

    /** @param what names the end, for messages */
    public Inbox(String what) {
        this.what = what;
    }

    /** The link the frames for this end come through, if one does; its reader may be led by a waiter. */
    private volatile Supplier<Link> source = () -> null;

    /**
     * @param link gives the link frames for this end arrive on (null while none), so that a thread
     *     waiting here reads that link itself instead of waiting for its reader thread
     */
    public void readFrom(Supplier<Link> link) {
        source = link;
    }

    /**
     * @param bytes the unread bytes past which a sender broke its window: a frame that arrives while more is
     *     unread is refused, and the end is closed with a {@link PeerClosedException} that says so
     */
    public void bound(long bytes) {
        overrun = bytes;
    }

    /** @return the link frames for this end come through now, or null: a waiting sender may lead it for grants */
    public Link source() {
        return source.get();
    }

    /** @param frame a frame for this end */
    public void add(Frame frame) {
        // a sender keeping the window may send one frame of any size while little is unread: count before it
        if (unread.getAndAdd(cost(frame)) > overrun) {
            unread.addAndGet(-cost(frame));
            end(() -> new PeerClosedException("the other end sent past the pipe's window (a peer that does not"
                    + " keep the flow control), end=" + what + ", window bytes=" + overrun / 2));
            return;
        }
        frames.add(frame);
    }

    /**
     * @param frame a DATA frame
     * @return what it counts for in a pipe's window and here: its payload, and its header and objects on the heap
     */
    public static long cost(Frame frame) {
        return frame.payload().length + 64L;
    }

    /**
     * The peer is gone: readers get what is queued, then {@link PeerClosedException}.
     *
     * @param reason why, for the message
     */
    public void end(String reason) {
        end(() -> new PeerClosedException("the other end is closed, end=" + what + ", reason=" + reason));
    }

    /**
     * The peer is gone: readers get what is queued, then the exception the supplier makes.
     *
     * @param cause makes the exception each reader gets
     */
    public void end(Supplier<? extends PeerClosedException> cause) {
        // not synchronized: a reader may hold the poll lock for its whole timeout
        if (endCause.compareAndSet(null, cause)) {
            frames.add(END);
        }
    }

    /**
     * @param timeoutNanos the longest wait; negative waits forever
     * @return the next frame, or null on timeout
     * @throws PeerClosedException when the peer is gone and nothing is left
     */
    public Frame take(long timeoutNanos) {
        Frame f = peeked.getAndSet(null);
        try {
            if (f == null) {
                f = frames.poll();
            }
            if (f == null) {
                f = await(timeoutNanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while receiving, end=" + what, e);
        }
        if (f == END) {
            peeked.compareAndSet(null, END);
            throw endCause.get().get();
        }
        if (f != null) {
            unread.addAndGet(-cost(f));
        }
        return f;
    }

    /**
     * Waits for a frame: first by reading the link in this thread while nobody else does (the frame then
     * arrives with no hand-off), else by waiting for the thread that reads it.
     */
    private Frame await(long timeoutNanos) throws InterruptedException {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        Frame[] got = new Frame[1];
        Leading.await(source.get(), () -> !frames.isEmpty(), deadline, nanos -> {
            got[0] = nanos == Long.MAX_VALUE ? frames.take() : frames.poll(nanos, TimeUnit.NANOSECONDS);
            return got[0] != null;
        });
        return got[0] != null ? got[0] : frames.poll();
    }

    /**
     * @param timeoutNanos the longest wait
     * @return whether a frame, or the end, is ready
     */
    public synchronized boolean poll(long timeoutNanos) {
        if (peeked.get() != null) {
            return true;
        }
        try {
            Frame f = frames.poll();
            if (f == null) {
                f = await(Math.max(0, timeoutNanos));
            }
            if (f == null) {
                return false;
            }
            peeked.set(f);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while polling, end=" + what, e);
        }
    }

    /** @return whether the peer has ended (its EOF is queued or was taken) */
    public boolean ended() {
        return endCause.get() != null;
    }

    /** @throws PeerClosedException the one readers get at the end, if the peer has ended: nobody reads a send */
    public void checkPeerOpen() {
        Supplier<? extends PeerClosedException> cause = endCause.get();
        if (cause != null) {
            throw cause.get();
        }
    }

    /** @return frames queued now, for a move to another process; the inbox is left empty */
    public List<Frame> drain() {
        List<Frame> out = new ArrayList<>();
        Frame p = peeked.getAndSet(null);
        if (p != null) {
            out.add(p);
        }
        frames.drainTo(out);
        out.removeIf(f -> f == END);
        out.forEach(f -> unread.addAndGet(-cost(f)));
        return out;
    }
}
