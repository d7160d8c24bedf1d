package dev.ipckit.spi.stream;

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
 * Writes frames to a byte stream from its own thread, batching: senders only enqueue, and the writer
 * thread copies every frame waiting into one buffer and flushes when the queue runs dry, so a burst of
 * small messages costs one system call, not one each. After a flush the thread spins briefly before it
 * parks, so the next message of a conversation does not pay a thread wake-up.
 *
 * <p><b>Thread-safe:</b> any number of threads may call {@link #write}. Frames from one thread keep
 * their order. Senders block only when more than {@code maxQueuedBytes} wait (back-pressure).
 */
public final class FrameWriter implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;
    /** Property: how long the writer thread spins for more frames after a flush before it parks, in ns. */
    public static final String SPIN_NANOS_PROP = "ipckit.writer.spinNanos";
    /** Default spin: 50 µs, about one round trip on a 2-core machine. 0 parks at once. */
    public static final long SPIN_NANOS_DEFAULT = 50_000;
    private static final long SPIN_NANOS = Long.getLong(SPIN_NANOS_PROP, SPIN_NANOS_DEFAULT);

    private final OutputStream out;
    private final int maxFrameSize;
    private final long maxQueuedBytes;
    private final Consumer<Throwable> onError;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final Thread thread;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;
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
            throw new dev.ipckit.FrameException("frame too long, length=" + frame.payload().length
                    + ", maxFrameSize=" + maxFrameSize);
        }
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
        long count = 0;
        try {
            while (true) {
                Frame f = queue.poll();
                if (f != null) {
                    put(f);
                    count++;
                    long left = queuedBytes.addAndGet(-f.wireLength());
                    if (left + f.wireLength() > maxQueuedBytes / 2 && left <= maxQueuedBytes / 2) {
                        signalRoom();
                    }
                    continue;
                }
                if (buffered > 0) {
                    out.write(buffer, 0, buffered);
                    buffered = 0;
                }
                out.flush();
                written = count;
                if (closing) {
                    return;
                }
                idle();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            queue.clear();
            signalRoom();
            onError.accept(e);
        }
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
