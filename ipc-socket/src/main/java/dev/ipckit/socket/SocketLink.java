package dev.ipckit.socket;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Link} over an authenticated Netty channel.
 *
 * <p><b>Thread-safe:</b> any thread may {@link #send}; senders only enqueue, and one task on the
 * channel's event loop writes every frame waiting and flushes once, so a burst of small frames costs one
 * system call. A sender waits while more than {@link #MAX_QUEUED_BYTES} are queued, and the event loop
 * stops taking frames from the queue while the channel is above its high write-buffer watermark, so a
 * fast producer cannot exhaust memory; a send from an event-loop thread never waits (an event loop must
 * not block), which the frame handler's "never block long" contract keeps bounded.
 *
 * <p>Inbound frames go to the {@link FrameHandler} on the channel's event loop, in order; frames that
 * arrive before {@link #start} are held (the channel does not read until then).
 */
public final class SocketLink implements Link {
    /** Bytes queued for sending beyond which senders wait. */
    public static final long MAX_QUEUED_BYTES = 8L << 20;
    /** Payloads up to this size are copied with their header into one buffer: one write, one allocation. */
    static final int COPY_LIMIT = 8 * 1024;
    /** Larger payloads are wrapped, not copied, and written in slices of this size as the socket drains. */
    static final int WRITE_SLICE = 256 * 1024;
    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(1);

    private final Channel channel;
    private final String description;
    private final int maxFrameSize;
    private final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean notified = new AtomicBoolean();
    private final Object progress = new Object();
    private final Runnable drainTask = this::drain;
    private volatile long flushed;
    private volatile int waiters;
    private volatile boolean inactive;
    private volatile Throwable failure;
    private volatile FrameHandler handler;
    // event loop only
    private long written;
    private Frame current;
    private int currentOffset;
    private boolean started;
    private final List<Frame> early = new ArrayList<>();

    private SocketLink(Channel channel, String description, int maxFrameSize) {
        this.channel = channel;
        this.description = description;
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Makes the link of a channel that has just authenticated, on its event loop: reading stops until
     * {@link #start}, and the frame codec goes after the handshake handler, which then removes itself.
     *
     * @param pipeline the channel's pipeline
     * @param after the name of the handshake handler
     * @param maxFrameSize the largest payload sent or received
     * @param description for messages
     * @return the link
     */
    static SocketLink install(ChannelPipeline pipeline, String after, int maxFrameSize, String description) {
        Channel ch = pipeline.channel();
        ch.config().setAutoRead(false);
        SocketLink link = new SocketLink(ch, description, maxFrameSize);
        pipeline.addAfter(after, "ipckit-frames", new SocketFrameDecoder(maxFrameSize));
        pipeline.addAfter("ipckit-frames", "ipckit-link", link.new Inbound());
        return link;
    }

    @Override
    public void start(FrameHandler frameHandler) {
        if (handler != null) {
            throw new IllegalStateException("link already started, link=" + description);
        }
        handler = frameHandler;
        try {
            channel.eventLoop().execute(this::begin);
        } catch (RejectedExecutionException e) {
            notifyClosed();
        }
    }

    private void begin() {
        started = true;
        for (Frame f : early) {
            deliver(f);
        }
        early.clear();
        if (inactive) {
            notifyClosed();
        } else {
            channel.config().setAutoRead(true);
        }
    }

    private void deliver(Frame f) {
        try {
            handler.onFrame(f);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void send(Frame frame) {
        int length = frame.payload().length;
        if (length > maxFrameSize) {
            throw new FrameException("frame too long, length=" + length + ", maxFrameSize=" + maxFrameSize);
        }
        checkOpen();
        long size = frame.wireLength();
        if (!LoopThread.current()) {
            awaitRoom(size);
        }
        queue.offer(frame);
        queuedBytes.addAndGet(size);
        enqueued.incrementAndGet();
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException e) {
                throw new PeerClosedException("link is closed, link=" + description);
            }
        }
    }

    private void checkOpen() {
        Throwable f = failure;
        if (f != null) {
            throw new PeerClosedException("link is broken, link=" + description + ", cause=" + f, f);
        }
        if (closing.get() || inactive) {
            throw new PeerClosedException("link is closed, link=" + description);
        }
    }

    private void awaitRoom(long size) {
        long q;
        while ((q = queuedBytes.get()) > 0 && q + size > MAX_QUEUED_BYTES) {
            checkOpen();
            if (!awaitProgress(TimeUnit.MILLISECONDS.toNanos(10))) {
                Thread.currentThread().interrupt();
                throw new PeerClosedException("interrupted while waiting to send, link=" + description);
            }
        }
    }

    /** Writes what is queued while the channel takes it, then flushes once. On the event loop. */
    private void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            discardQueue();
            return;
        }
        long before = written;
        boolean wrote = false;
        while (channel.isWritable()) {
            if (current == null) {
                Frame f = queue.poll();
                if (f == null) {
                    break;
                }
                writeHead(f);
            } else {
                writeSlice();
            }
            wrote = true;
        }
        if (wrote) {
            long mark = written;
            // an empty write completes once everything before it is in the kernel
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> {
                if (done.isSuccess()) {
                    flushed = mark;
                    signalProgress();
                }
            });
        }
        if (written != before) {
            signalProgress();
        }
    }

    private void writeHead(Frame f) {
        byte[] p = f.payload();
        boolean whole = p.length <= COPY_LIMIT;
        ByteBuf buf = channel.alloc().ioBuffer(FrameDescriptor.HEADER_LENGTH + (whole ? p.length : 0));
        buf.writeByte(FrameDescriptor.MAGIC_0).writeByte(FrameDescriptor.MAGIC_1).writeByte(f.kind().wire())
                .writeByte(f.codec()).writeInt(f.channel()).writeInt(p.length);
        if (whole) {
            buf.writeBytes(p);
            channel.write(buf, channel.voidPromise());
            finished(f);
        } else {
            channel.write(buf, channel.voidPromise());
            current = f;
            currentOffset = 0;
        }
    }

    private void writeSlice() {
        byte[] p = current.payload();
        int n = Math.min(WRITE_SLICE, p.length - currentOffset);
        channel.write(Unpooled.wrappedBuffer(p, currentOffset, n), channel.voidPromise());
        currentOffset += n;
        if (currentOffset == p.length) {
            Frame f = current;
            current = null;
            finished(f);
        }
    }

    private void finished(Frame f) {
        written++;
        queuedBytes.addAndGet(-f.wireLength());
    }

    private void discardQueue() {
        queue.clear();
        current = null;
        queuedBytes.set(0);
        signalProgress();
    }

    @Override
    public boolean flush(Duration timeout) {
        long target = enqueued.get();
        if (flushed >= target) {
            return true;
        }
        if (channel.eventLoop().inEventLoop()) {
            drain();
            return flushed >= target;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (flushed < target) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || inactive || failure != null || !awaitProgress(Math.min(left, 10_000_000L))) {
                return flushed >= target;
            }
        }
        return true;
    }

    /** @return false if interrupted */
    private boolean awaitProgress(long nanos) {
        synchronized (progress) {
            waiters++;
            try {
                TimeUnit.NANOSECONDS.timedWait(progress, nanos);
                return true;
            } catch (InterruptedException e) {
                return false;
            } finally {
                waiters--;
            }
        }
    }

    private void signalProgress() {
        if (waiters > 0) {
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        boolean onLoop = channel.eventLoop().inEventLoop();
        if (!onLoop && !inactive) {
            flushQuietly();
        }
        channel.close();
        if (!onLoop) {
            channel.closeFuture().awaitUninterruptibly(CLOSE_FLUSH.toMillis());
        }
    }

    private void flushQuietly() {
        long target = enqueued.get();
        long deadline = System.nanoTime() + CLOSE_FLUSH.toNanos();
        while (flushed < target && !inactive && System.nanoTime() < deadline) {
            awaitProgress(10_000_000L);
        }
    }

    /** Records the first failure (unless the link is being closed here) and closes the channel. */
    private void fail(Throwable cause) {
        if (failure == null && !closing.get() && !inactive) {
            failure = cause;
        }
        channel.close();
    }

    private void notifyClosed() {
        FrameHandler h = handler;
        if (h != null && notified.compareAndSet(false, true)) {
            h.onClosed(failure);
        }
    }

    /** @return the channel, for tests */
    Channel channel() {
        return channel;
    }

    @Override
    public String describe() {
        return description;
    }

    /** @return the peer's address */
    java.net.SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String toString() {
        return "SocketLink[" + description + ", remote=" + channel.remoteAddress() + "]";
    }

    /** The link's end of the pipeline: frames in, the channel's end, errors and writability. */
    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame f = (Frame) msg;
            if (started) {
                deliver(f);
            } else {
                early.add(f);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                drain();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                // the peer is gone (a reset); a frame cut short is reported by the decoder as such
                ctx.close();
                return;
            }
            fail(asFrameError(cause));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive = true;
            discardQueue();
            if (started) {
                notifyClosed();
            }
        }
    }

    private static Throwable asFrameError(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof FrameException) {
            return c;
        }
        if (cause instanceof DecoderException) {
            return new FrameException("bad frame, cause=" + c.getMessage(), c);
        }
        return c;
    }
}
