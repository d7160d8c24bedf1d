package dev.ipckit.internal;

import dev.ipckit.IpcException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;

/**
 * Frames received for one pipe end, waiting to be read. The reader thread of a link adds; users take.
 * {@link LinkedTransferQueue} spins briefly before it parks, which saves a thread wake-up when a reply
 * comes back quickly.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Inbox {
    private static final Frame END = Frame.of(dev.ipckit.spi.FrameKind.EOF, 0);

    private final LinkedTransferQueue<Frame> frames = new LinkedTransferQueue<>();
    /** A frame {@link #poll} took off the head to look at; older than anything in {@code frames}. */
    private final java.util.concurrent.atomic.AtomicReference<Frame> peeked = new java.util.concurrent.atomic.AtomicReference<>();
    private final String what;
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Supplier<? extends PeerClosedException>>
            endCause = new java.util.concurrent.atomic.AtomicReference<>();

    /** @param what names the end, for messages */
    public Inbox(String what) {
        this.what = what;
    }

    /** @param frame a frame for this end */
    public void add(Frame frame) {
        frames.add(frame);
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
    public void end(java.util.function.Supplier<? extends PeerClosedException> cause) {
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
                f = timeoutNanos < 0 ? frames.take() : frames.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while receiving, end=" + what, e);
        }
        if (f == END) {
            peeked.compareAndSet(null, END);
            throw endCause.get().get();
        }
        return f;
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
            Frame f = frames.poll(timeoutNanos, TimeUnit.NANOSECONDS);
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
        java.util.function.Supplier<? extends PeerClosedException> cause = endCause.get();
        if (cause != null) {
            throw cause.get();
        }
    }

    /** @return frames queued now, for a move to another process; the inbox is left empty */
    public java.util.List<Frame> drain() {
        java.util.List<Frame> out = new java.util.ArrayList<>();
        Frame p = peeked.getAndSet(null);
        if (p != null) {
            out.add(p);
        }
        frames.drainTo(out);
        out.removeIf(f -> f == END);
        return out;
    }
}
