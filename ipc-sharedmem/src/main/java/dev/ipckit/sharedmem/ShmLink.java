package dev.ipckit.sharedmem;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.WaitStrategy;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.ReadSide;
import dev.ipckit.spi.ReadSideLink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link Link} over a pair of Chronicle queues in a private directory. A frame is one excerpt,
 * appended synchronously to the mapped file, so {@link #flush} has nothing to wait for. The inbound queue is
 * tailed by whichever thread holds the link's {@link ReadSide}: a thread waiting for a frame polls the
 * tailer itself (as Chronicle's consumers and Aeron's {@code Subscription.poll} do), else the link's reader
 * thread, waiting with the context's {@link WaitStrategy}. The holder checks every
 * {@value ShmConfig#PEER_CHECK_MILLIS_PROP} that the peer process lives, so a killed peer ends the link.
 *
 * <p>Lifecycle: OPEN → (output shut: an END excerpt written; reading goes on) → CLOSED (both directions;
 * the reader thread closes the inbound queue on its way out; the owner deletes the directory once both
 * queues are closed).
 *
 * <p><b>Thread-safe:</b> any number of threads may send; one lock orders their excerpts.
 */
final class ShmLink implements ReadSideLink {
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
    private final WaitStrategy wait;
    private volatile ReadSide readSide;
    /** Read side state, used only by the holder of the read side. */
    private ShmExcerptReader in;
    private long read;
    private int cycle;
    private long nextCheck;
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
     * @param wait how readers and blocked senders wait
     */
    ShmLink(String description, Path dir, boolean parentSide, CompletableFuture<ShmQueues> opening,
            ShmProgress progress, ShmPeer peer, int maxFrameSize, WaitStrategy wait) {
        this.wait = wait;
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
        ReadSide side = new ReadSide(new Inbound(), handler, wait, this::readEnded);
        Thread t = new Thread(() -> readLoop(side), "ipckit-shm-reader-" + description);
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    private void readLoop(ReadSide side) {
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
        // made on another thread; read by whichever thread holds the read side, one at a time
        queues.tailer.singleThreadedCheckDisabled(true);
        in = new ShmExcerptReader(queues.tailer, maxFrameSize);
        cycle = queues.tailer.cycle();
        nextCheck = System.nanoTime() + peerCheckNanos;
        readSide = side;
        side.run();
    }

    @Override
    public ReadSide readSide() {
        return readSide;
    }

    /** The inbound queue as a {@link ReadSide.Source}; used only by the holder of the read side. */
    private final class Inbound implements ReadSide.Source {
        @Override
        public Frame poll() {
            if (closed) {
                return ReadSide.END;
            }
            while (true) {
                Frame f = in.next();
                if (f == null) {
                    if (peerGone) {
                        return ReadSide.END; // everything it wrote before it died has been delivered
                    }
                    long now = System.nanoTime();
                    if (now - nextCheck < 0) {
                        return null;
                    }
                    nextCheck = now + peerCheckNanos;
                    if (peer.isAlive()) {
                        return null;
                    }
                    peerGone = true; // read what it wrote before it died, then end
                    continue;
                }
                if (f == ShmExcerptReader.END_OF_STREAM) {
                    return ReadSide.END;
                }
                read += f.wireLength();
                progress.publish(inSlot, read);
                int now = queues.tailer.cycle();
                if (now != cycle) {
                    cycle = now;
                    queues.inCycles.consumedBefore(cycle);
                }
                if (f != ShmExcerptReader.SKIP) {
                    return f;
                }
            }
        }

        @Override
        public Frame await(BooleanSupplier giveUp) {
            WaitStrategy.Idle idle = wait.idle();
            while (true) {
                Frame f = poll();
                if (f != null || giveUp.getAsBoolean()) {
                    return f;
                }
                idle.idle();
            }
        }
    }

    /** Called once by whichever thread saw the end: a clean end (null), or a bad excerpt. */
    private void readEnded(Throwable cause) {
        Throwable reported = closed && !(cause instanceof FrameException || cause instanceof Error) ? null : cause;
        progress.publish(inSlot, ShmProgress.CLOSED);
        if (reported != null) {
            closeOutput();
        }
        closeIn(queues);
        if (closedNotified.compareAndSet(false, true)) {
            handler.onClosed(reported);
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
        WaitStrategy.Idle idle = null;
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
                idle = wait.idle();
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
        if (!closeOutput()) {
            return;
        }
        progress.publish(inSlot, ShmProgress.CLOSED);
        Thread r = reader;
        ReadSide side = readSide;
        if (r == null) {
            if (started.compareAndSet(false, true)) {
                closeIn(opened()); // never started: nobody else reads
            }
        } else if (r != Thread.currentThread() && (side == null || !side.heldByCurrentThread())) {
            LockSupport.unpark(r);
            joinQuietly(r); // whoever reads next sees the close and ends the read side
        }
    }

    /**
     * Marks the link closed and ends the outbound queue with an END excerpt.
     *
     * @return false if it was closed already
     */
    private boolean closeOutput() {
        sendLock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            if (!outputShut) {
                outputShut = true;
                writeEnd();
            }
            closeOut();
            return true;
        } finally {
            sendLock.unlock();
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
