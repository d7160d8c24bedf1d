package dev.ipckit.spi.stream;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes frames to a byte stream. A sender that finds the stream idle, in a conversation with a peer that
 * answers, writes its small frame itself and flushes: no thread hand-off. Under load senders only enqueue, and the writer thread copies
 * every frame waiting into one buffer and flushes when the queue runs dry, so a burst of small messages
 * costs one system call, not one each. After a flush the writer thread spins briefly before it parks, so
 * a burst that goes on does not pay a thread wake-up.
 *
 * <p><b>Thread-safe:</b> any number of threads may call {@link #write}. Frames from one thread keep
 * their order: the stream is written only under one lock, and a sender writes directly only when nothing
 * is queued. Senders block only when more than {@code maxQueuedBytes} wait (back-pressure).
 */
public final class FrameWriter implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Property: how long the writer thread spins for more frames after a flush before it parks, in ns. */
    public static final String SPIN_NANOS_PROP = "ipckit.writer.spinNanos";
    /** Default spin: 50 µs, about one round trip on a 2-core machine. 0 parks at once. */
    public static final long SPIN_NANOS_DEFAULT = 50_000;
    private static final long SPIN_NANOS = Long.getLong(SPIN_NANOS_PROP, SPIN_NANOS_DEFAULT);
    /**
     * A send that comes this soon after the previous one returned is taken as part of a burst and queued
     * for the writer thread to batch; a later one is written by its sender at once, within
     * {@link #DIRECT_BUDGET_BYTES}. Larger frames go to the writer thread, so that the sender encodes the
     * next one while this one is written.
     */
    static final long BURST_GAP_NANOS = 2_000;
    /**
     * Bytes a sender may write directly between two frames from the peer. A direct write blocks if the
     * stream's kernel buffer is full, so senders write directly only while the peer is known to answer
     * (a conversation) and only this much: a peer that stops reading (stopped, slow, busy) then fills the
     * writer's queue, up to its bound, not the sender's time.
     */
    static final int DIRECT_BUDGET_BYTES = 16 * 1024;

    private final OutputStream out;
    private final int maxFrameSize;
    private final long maxQueuedBytes;
    private final Consumer<Throwable> onError;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    /** Held by whoever writes to the stream: the writer thread while it drains, or a direct sender. */
    private final ReentrantLock streamLock = new ReentrantLock();
    private final Thread thread;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;
    /** Frames written so far; under {@code streamLock}. */
    private long count;
    private volatile long lastSendNanos;
    /** Bytes written directly since the peer last spoke; {@link #DIRECT_BUDGET_BYTES} after a queued frame. */
    private volatile int directBytes = DIRECT_BUDGET_BYTES;
    private volatile long written;
    private volatile boolean parked;
    private volatile boolean closing;
    private volatile Throwable failure;

    /**
     * @param out the stream; the writer owns it and closes it
     * @param threadName the writer thread's name
     * @param maxQueuedBytes bytes queued beyond which senders wait
     * @param onError called once, on the writer thread, if writing fails
     * @param maxFrameSize the largest payload the peer accepts; larger frames are refused here
     */
    public FrameWriter(OutputStream out, String threadName, long maxQueuedBytes, Consumer<Throwable> onError,
                       int maxFrameSize) {
        this.out = out;
        this.maxFrameSize = maxFrameSize;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onError = onError;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a frame.
     *
     * @param frame the frame
     * @throws PeerClosedException if the writer is closed or writing failed
     * @throws dev.ipckit.FrameException if the payload is above the maximum frame size (nothing is sent)
     */
    public void write(Frame frame) {
        checkOpen();
        if (frame.payload().length > maxFrameSize) {
            throw new FrameException("frame too long, length=" + frame.payload().length
                    + ", maxFrameSize=" + maxFrameSize);
        }
        boolean alone = System.nanoTime() - lastSendNanos >= BURST_GAP_NANOS;
        if (alone && directBytes + frame.wireLength() <= DIRECT_BUDGET_BYTES && writeDirect(frame)) {
            lastSendNanos = System.nanoTime();
            return;
        }
        lastSendNanos = System.nanoTime();
        directBytes = DIRECT_BUDGET_BYTES; // what is queued may fill the stream: no direct write until the peer speaks
        long size = frame.wireLength();
        long q = queuedBytes.get();
        if (q > 0 && q + size > maxQueuedBytes) {
            awaitRoom(size);
        }
        queuedBytes.addAndGet(size);
        enqueued.incrementAndGet();
        queue.offer(frame);
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * The peer has sent a frame, so it is alive and answering: senders may write directly again, up to
     * {@link #DIRECT_BUDGET_BYTES}. Called by the link's read side for each frame it reads.
     */
    public void peerSpoke() {
        if (directBytes != 0 && queue.isEmpty()) {
            directBytes = 0;
        }
    }

    /**
     * Writes a frame in the sender's thread if nothing is queued and nobody writes: the frame goes out in
     * order, since everything queued before it has been written.
     *
     * @return whether it was written
     */
    private boolean writeDirect(Frame frame) {
        if (!queue.isEmpty() || !streamLock.tryLock()) {
            return false;
        }
        try {
            if (!queue.isEmpty()) {
                return false;
            }
            checkOpen();
            enqueued.incrementAndGet();
            directBytes += frame.wireLength();
            try {
                put(frame);
                count++;
                out.write(buffer, 0, buffered);
                buffered = 0;
                out.flush();
                written = count;
            } catch (IOException | RuntimeException e) {
                fail(e);
                throw new PeerClosedException("link is broken, cause=" + e, e);
            }
            return true;
        } finally {
            streamLock.unlock();
        }
    }

    /**
     * Waits until every frame queued before this call has been written and flushed.
     *
     * @param timeout the longest wait
     * @return whether it was flushed in time
     */
    public boolean flush(Duration timeout) {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (written < target) {
            if (failure != null || System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.unpark(thread);
            LockSupport.parkNanos(50_000);
        }
        return true;
    }

    /** Flushes what is queued (for up to a second), then stops the thread and closes the stream. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        flush(Duration.ofSeconds(1));
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // the peer is gone; nothing more to tell
        }
    }

    private void checkOpen() {
        Throwable f = failure;
        if (f != null) {
            throw new PeerClosedException("link is broken, cause=" + f, f);
        }
        if (closing) {
            throw new PeerClosedException("link is closed");
        }
    }

    private void awaitRoom(long size) {
        lock.lock();
        try {
            long q;
            while ((q = queuedBytes.get()) > 0 && q + size > maxQueuedBytes) {
                checkOpen();
                drained.await(10, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerClosedException("interrupted while waiting to send");
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                streamLock.lock();
                try {
                    drain();
                } finally {
                    streamLock.unlock();
                }
                if (closing) {
                    return;
                }
                idle();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Writes every frame queued, then flushes; under {@code streamLock}. */
    private void drain() throws IOException {
        Frame f;
        while ((f = queue.poll()) != null) {
            put(f);
            count++;
            long left = queuedBytes.addAndGet(-f.wireLength());
            if (left + f.wireLength() > maxQueuedBytes / 2 && left <= maxQueuedBytes / 2) {
                signalRoom();
            }
        }
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
        out.flush();
        written = count;
    }

    private synchronized void fail(Throwable e) {
        if (failure != null) {
            return;
        }
        failure = e;
        queue.clear();
        signalRoom();
        onError.accept(e);
    }

    private void idle() {
        long end = System.nanoTime() + SPIN_NANOS;
        int spins = 0;
        while (queue.isEmpty() && !closing) {
            if (System.nanoTime() - end > 0) {
                parked = true;
                if (queue.isEmpty() && !closing) {
                    LockSupport.park(this);
                }
                parked = false;
                return;
            }
            if (++spins % 64 == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void put(Frame f) throws IOException {
        if (BUFFER_SIZE - buffered < FrameDescriptor.HEADER_LENGTH) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
        FrameDescriptor.writeHeader(buffer, buffered, f.kind(), f.codec(), f.channel(), f.payload().length);
        buffered += FrameDescriptor.HEADER_LENGTH;
        byte[] p = f.payload();
        if (p.length <= BUFFER_SIZE - buffered) {
            System.arraycopy(p, 0, buffer, buffered, p.length);
            buffered += p.length;
        } else {
            out.write(buffer, 0, buffered);
            buffered = 0;
            out.write(p);
        }
    }

    private void signalRoom() {
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
