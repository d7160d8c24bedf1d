package dev.ipckit.sharedmem;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Link} over a pair of Chronicle queues in a private directory. A frame is one excerpt,
 * appended synchronously to the mapped file, so {@link #flush} has nothing to wait for. A reader thread
 * tails the inbound queue, waiting with the configured {@link ShmIdle} strategy, and while idle checks
 * that the peer process lives, so a killed peer ends the link within {@value ShmConfig#PEER_CHECK_MILLIS_PROP}.
 *
 * <p>Lifecycle: OPEN → (output shut: an END excerpt written; reading goes on) → CLOSED (both directions;
 * the reader thread closes the inbound queue on its way out; the owner deletes the directory once both
 * queues are closed).
 *
 * <p><b>Thread-safe:</b> any number of threads may send; one lock orders their excerpts.
 */
final class ShmLink implements Link {
    private static final long READER_JOIN_MILLIS = 2000;

    private final String description;
    private final Path dir;
    private final boolean ownsDir;
    private final CompletableFuture<ShmQueues> opening;
    private volatile ShmQueues queues;
    private final ShmProgress progress;
    private final int inSlot;
    private final int outSlot;
    private final ShmPeer peer;
    private final int maxFrameSize;
    private final long maxQueuedBytes;
    private final long peerCheckNanos;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private final AtomicInteger openQueues = new AtomicInteger(2);
    private long written;
    private long knownRead;
    private boolean outputShut;
    private volatile boolean closed;
    private volatile boolean peerGone;
    private volatile Thread reader;
    private volatile FrameHandler handler;

    /**
     * @param description for thread names and messages
     * @param dir the link directory
     * @param parentSide whether this is the parent's side, which owns and deletes the directory
     * @param opening this side's queues, the tailer positioned at the first frame to deliver; the child
     *     opens them in the background so that it can watch its parent meanwhile
     * @param progress the shared read counters
     * @param peer the process at the other end
     * @param maxFrameSize the largest payload sent or received
     */
    ShmLink(String description, Path dir, boolean parentSide, CompletableFuture<ShmQueues> opening,
            ShmProgress progress, ShmPeer peer, int maxFrameSize) {
        this.description = description;
        this.dir = dir;
        this.ownsDir = parentSide;
        this.opening = opening;
        this.progress = progress;
        this.inSlot = parentSide ? ShmProgress.TO_PARENT : ShmProgress.TO_CHILD;
        this.outSlot = parentSide ? ShmProgress.TO_CHILD : ShmProgress.TO_PARENT;
        this.peer = peer;
        this.maxFrameSize = maxFrameSize;
        this.maxQueuedBytes = ShmConfig.maxQueuedBytes();
        this.peerCheckNanos = ShmConfig.peerCheckNanos();
    }

    @Override
    public void start(FrameHandler handler) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("link already started, link=" + description);
        }
        this.handler = handler;
        ShmIdle idle = ShmIdle.configured();
        Thread t = new Thread(() -> readLoop(idle), "ipckit-shm-reader-" + description);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private void readLoop(ShmIdle idle) {
        ShmQueues queues;
        try {
            queues = awaitOpen();
        } catch (PeerClosedException e) {
            progress.publish(inSlot, ShmProgress.CLOSED);
            released(); // nothing to close on the reading side
            if (closedNotified.compareAndSet(false, true)) {
                handler.onClosed(closed ? null : e);
            }
            return;
        }
        queues.tailer.singleThreadedCheckReset(); // made on another thread, read only on this one
        Throwable cause = null;
        ShmExcerptReader in = new ShmExcerptReader(queues.tailer, maxFrameSize);
        long read = 0;
        int cycle = queues.tailer.cycle();
        long nextCheck = System.nanoTime() + peerCheckNanos;
        try {
            while (!closed) {
                Frame f = in.next();
                if (f == ShmExcerptReader.END_OF_STREAM) {
                    break;
                }
                if (f != null) {
                    idle.reset();
                    read += f.wireLength();
                    progress.publish(inSlot, read);
                    int now = queues.tailer.cycle();
                    if (now != cycle) {
                        cycle = now;
                        queues.inCycles.consumedBefore(cycle);
                    }
                    if (f != ShmExcerptReader.SKIP) {
                        handler.onFrame(f);
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (now - nextCheck >= 0) {
                    nextCheck = now + peerCheckNanos;
                    if (!peer.isAlive()) {
                        peerGone = true;
                        drain(in);
                        break;
                    }
                }
                idle.idle();
            }
        } catch (FrameException e) {
            cause = e;
        } catch (RuntimeException | Error e) {
            cause = closed ? null : e;
        }
        progress.publish(inSlot, ShmProgress.CLOSED);
        if (cause != null) {
            close();
        }
        closeIn(queues);
        if (closedNotified.compareAndSet(false, true)) {
            handler.onClosed(cause);
        }
    }

    /**
     * Waits until the queues are open (at once on the parent's side).
     *
     * @return the queues
     * @throws PeerClosedException if they could not be opened
     */
    private ShmQueues awaitOpen() {
        ShmQueues q = queues;
        if (q != null) {
            return q;
        }
        try {
            q = opening.get();
        } catch (ExecutionException e) {
            throw new PeerClosedException("cannot open the shared-memory queues, link=" + description + ", cause="
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerClosedException("interrupted while opening the shared-memory queues, link=" + description, e);
        }
        queues = q;
        return q;
    }

    /** The peer is dead: deliver the whole excerpts it wrote before it died; a half-written one is lost. */
    private void drain(ShmExcerptReader in) {
        Frame f;
        while (!closed && (f = in.next()) != null && f != ShmExcerptReader.END_OF_STREAM) {
            if (f != ShmExcerptReader.SKIP) {
                handler.onFrame(f);
            }
        }
    }

    @Override
    public void send(Frame frame) {
        int length = frame.payload().length;
        if (length > maxFrameSize) {
            throw new FrameException("frame too long to send, length=" + length + ", maxFrameSize=" + maxFrameSize
                    + ", link=" + description);
        }
        sendLock.lock();
        try {
            checkOpen();
            ShmQueues q = awaitOpen();
            awaitRoom(frame.wireLength());
            ShmExcerptWriter.write(q.appender, frame);
            written += frame.wireLength();
        } finally {
            sendLock.unlock();
        }
    }

    private void checkOpen() {
        if (closed || outputShut) {
            throw new PeerClosedException("link closed, link=" + description);
        }
        if (peerGone) {
            throw new PeerClosedException("the other process is gone, pid=" + peer.pid() + ", link=" + description);
        }
    }

    /** Back-pressure: waits while the reader is more than the limit behind, unless nothing is queued. */
    private void awaitRoom(int length) {
        if (written - knownRead + length <= maxQueuedBytes) {
            return;
        }
        ShmIdle idle = null;
        long nextCheck = System.nanoTime() + peerCheckNanos;
        while (true) {
            long r = progress.read(outSlot);
            if (r == ShmProgress.CLOSED) {
                throw new PeerClosedException("the other side stopped reading, link=" + description);
            }
            knownRead = r;
            if (written - r <= 0 || written - r + length <= maxQueuedBytes) {
                return;
            }
            checkOpen();
            long now = System.nanoTime();
            if (now - nextCheck >= 0) {
                nextCheck = now + peerCheckNanos;
                if (!peer.isAlive()) {
                    peerGone = true;
                    checkOpen();
                }
            }
            if (idle == null) {
                idle = ShmIdle.of(ShmConfig.IDLE_DEFAULT, ShmConfig.maxParkNanos());
            }
            idle.idle();
        }
    }

    @Override
    public boolean flush(Duration timeout) {
        return true; // every append is already in the shared mapping
    }

    @Override
    public void shutdownOutput() {
        sendLock.lock();
        try {
            if (!closed && !outputShut) {
                outputShut = true;
                writeEnd();
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void writeEnd() {
        try {
            ShmExcerptWriter.writeEnd(awaitOpen().appender);
        } catch (RuntimeException e) {
            // the queue is unusable: the peer learns of our end from our pid instead
        }
    }

    @Override
    public void close() {
        sendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (!outputShut) {
                outputShut = true;
                writeEnd();
            }
            closeOut();
        } finally {
            sendLock.unlock();
        }
        progress.publish(inSlot, ShmProgress.CLOSED);
        Thread r = reader;
        if (r == null) {
            if (started.compareAndSet(false, true)) {
                closeIn(opened()); // never started: nobody else reads
            }
        } else if (r != Thread.currentThread()) {
            LockSupport.unpark(r);
            joinQuietly(r);
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(READER_JOIN_MILLIS); // a handler stuck in onFrame keeps the queue; the reader closes it later
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the queues once opening has ended, or null if it failed */
    private ShmQueues opened() {
        try {
            return awaitOpen();
        } catch (PeerClosedException e) {
            return null;
        }
    }

    private void closeOut() {
        try {
            ShmQueues q = opened();
            if (q != null) {
                q.closeOut();
            }
        } finally {
            released();
        }
    }

    private void closeIn(ShmQueues q) {
        try {
            if (q != null) {
                q.closeIn();
            }
        } finally {
            released();
        }
    }

    /** Called once per queue closed; after the second, the owner deletes the directory. */
    private void released() {
        if (openQueues.decrementAndGet() != 0) {
            return;
        }
        if (ownsDir || !ShmPeer.isRunning(ShmDirectory.ownerPid(dir))) {
            ShmDirectory.delete(dir); // the child cleans up only after a dead parent
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /** @return the link directory, for tests */
    Path directory() {
        return dir;
    }
}
