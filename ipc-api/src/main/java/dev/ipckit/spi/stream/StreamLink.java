package dev.ipckit.spi.stream;

import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.ReadSide;
import dev.ipckit.spi.ReadSideLink;
import dev.ipckit.WaitStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A {@link Link} over a pair of byte streams: frames decoded with {@link FrameReader} by whichever thread
 * holds the {@link ReadSide} (a waiting caller, else the link's reader thread), and written by a
 * {@link FrameWriter} (straight from the sender when it is alone, batched by the writer thread under
 * load). The base of every stream transport.
 */
public class StreamLink implements ReadSideLink {
    /** Bytes queued for sending beyond which senders wait. */
    public static final long MAX_QUEUED_BYTES = 16L << 20;

    private final String description;
    private final InputStream in;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final WaitStrategy wait;
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private volatile FrameHandler handler;
    private volatile ReadSide readSide;
    private volatile boolean closed;

    /**
     * @param description for thread names and messages
     * @param in the stream frames are read from
     * @param reader the frame reader over {@code in}
     * @param out the stream frames are written to
     * @param maxFrameSize the largest payload sent or received
     * @param wait how readers and the writer wait
     */
    public StreamLink(String description, InputStream in, FrameReader reader, OutputStream out, int maxFrameSize,
                      WaitStrategy wait) {
        this.description = description;
        this.in = in;
        this.reader = reader;
        this.wait = wait;
        this.writer = new FrameWriter(out, "ipckit-writer-" + description, MAX_QUEUED_BYTES, this::writeFailed,
                maxFrameSize);
    }

    /**
     * A link with the default wait strategy.
     *
     * @param description for thread names and messages
     * @param in the stream frames are read from
     * @param reader the frame reader over {@code in}
     * @param out the stream frames are written to
     * @param maxFrameSize the largest payload sent or received
     */
    public StreamLink(String description, InputStream in, FrameReader reader, OutputStream out, int maxFrameSize) {
        this(description, in, reader, out, maxFrameSize, WaitStrategy.defaults());
    }

    @Override
    public void start(FrameHandler handler) {
        this.handler = handler;
        ReadSide side = new ReadSide(new ReadSide.Source() {
            @Override
            public Frame poll() throws IOException {
                return spoke(reader.poll());
            }

            @Override
            public Frame await(BooleanSupplier giveUp) throws IOException {
                Frame f = reader.read();
                return f == null ? ReadSide.END : spoke(f);
            }
        }, handler, wait, this::readEnded);
        readSide = side;
        Thread t = new Thread(side::run, "ipckit-reader-" + description);
        t.setDaemon(true);
        t.start();
    }

    private Frame spoke(Frame f) {
        if (f != null && f != ReadSide.END) {
            writer.peerSpoke();
        }
        return f;
    }

    @Override
    public ReadSide readSide() {
        return readSide;
    }

    private void readEnded(Throwable cause) {
        Throwable reported = cause instanceof Error || !closed ? cause : null;
        closed = true;
        writer.close();
        closeInput(); // nothing more will be read: give back the stream (a socket's fd) now
        notifyClosed(reported);
    }

    private void writeFailed(Throwable cause) {
        // The reader will see the end of the stream too; closing the input makes sure it does.
        closeInput();
    }

    private void notifyClosed(Throwable cause) {
        if (closedNotified.compareAndSet(false, true) && handler != null) {
            handler.onClosed(cause);
        }
    }

    @Override
    public void send(Frame frame) {
        writer.write(frame);
    }

    @Override
    public boolean flush(Duration timeout) {
        return writer.flush(timeout);
    }

    @Override
    public void shutdownOutput() {
        writer.close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        closeInput();
    }

    private void closeInput() {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public String describe() {
        return description;
    }
}
