package dev.ipckit.spi.stream;

import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Link} over a pair of byte streams: a reader thread that decodes frames with
 * {@link FrameReader}, and a batching {@link FrameWriter}. The base of every stream transport.
 */
public class StreamLink implements Link {
    /** Bytes queued for sending beyond which senders wait. */
    public static final long MAX_QUEUED_BYTES = 16L << 20;

    private final String description;
    private final InputStream in;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final AtomicBoolean closedNotified = new AtomicBoolean();
    private volatile FrameHandler handler;
    private volatile boolean closed;

    /**
     * @param description for thread names and messages
     * @param in the stream frames are read from
     * @param reader the frame reader over {@code in}
     * @param out the stream frames are written to
     * @param maxFrameSize the largest payload sent or received
     */
    public StreamLink(String description, InputStream in, FrameReader reader, OutputStream out, int maxFrameSize) {
        this.description = description;
        this.in = in;
        this.reader = reader;
        this.writer = new FrameWriter(out, "ipckit-writer-" + description, MAX_QUEUED_BYTES, this::writeFailed,
                maxFrameSize);
    }

    @Override
    public void start(FrameHandler handler) {
        this.handler = handler;
        Thread t = new Thread(this::readLoop, "ipckit-reader-" + description);
        t.setDaemon(true);
        t.start();
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                handler.onFrame(f);
            }
        } catch (IOException | RuntimeException e) {
            cause = closed ? null : e;
        } catch (Error e) {
            cause = e;
        }
        closeQuietly();
        notifyClosed(cause);
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

    private void closeQuietly() {
        closed = true;
        writer.close();
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
