package dev.ipckit.spi.stream;

import dev.ipckit.FrameException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.ReadSide;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads frames from a byte stream. <b>Not thread-safe:</b> one thread at a time reads (the holder of the
 * link's {@link ReadSide}).
 *
 * <p>Strict by default: anything but a frame is a {@link FrameException}. Given a stray-bytes handler,
 * bytes that arrive between frames without the magic (a native library writing text to the same fd)
 * are handed to it a line at a time instead, as Maven Surefire does with its forked JVMs' stdout.
 *
 * <p>A payload is allocated as its bytes arrive, in steps, so a lying length field on a short stream
 * cannot make the reader allocate more than the bytes that really came.
 */
public final class FrameReader {
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int EAGER_ALLOCATION_LIMIT = 16 << 20;

    private final InputStream in;
    private final int maxFrameSize;
    private final Consumer<byte[]> strayBytes;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;

    /**
     * @param in the stream
     * @param maxFrameSize the largest payload accepted
     * @param strayBytes receives bytes found outside frames; null for strict mode
     */
    public FrameReader(InputStream in, int maxFrameSize, Consumer<byte[]> strayBytes) {
        this.in = in;
        this.maxFrameSize = maxFrameSize;
        this.strayBytes = strayBytes;
    }

    /**
     * Reads the next frame, blocking until it is complete.
     *
     * @return the frame, or null at a clean end of stream (between frames)
     * @throws FrameException for a malformed or truncated frame
     * @throws IOException if the stream fails
     */
    public Frame read() throws IOException {
        while (true) {
            if (!fill(1)) {
                return null;
            }
            if (strayBytes != null && !atMagic()) {
                skipStray();
                continue;
            }
            if (!fill(FrameDescriptor.HEADER_LENGTH)) {
                if (strayBytes != null && !fill(2)) {
                    strayBytes.accept(Arrays.copyOfRange(buf, pos, limit));
                    pos = limit;
                    return null;
                }
                throw new FrameException("truncated frame header, bytes=" + (limit - pos));
            }
            int length = FrameDescriptor.checkHeader(buf, pos, maxFrameSize);
            FrameKind kind = FrameKind.of(buf[pos + FrameDescriptor.KIND_OFFSET]);
            byte codec = buf[pos + FrameDescriptor.CODEC_OFFSET];
            int channel = FrameDescriptor.getInt(buf, pos + FrameDescriptor.CHANNEL_OFFSET);
            pos += FrameDescriptor.HEADER_LENGTH;
            return new Frame(kind, codec, channel, payload(length, kind));
        }
    }

    /**
     * Reads the next frame if its first bytes are here already, without waiting for one that has not begun
     * (the rest of a begun frame is awaited).
     *
     * @return the frame, {@link ReadSide#END} at a clean end of stream, or null if nothing
     *     has arrived
     * @throws FrameException for a malformed or truncated frame
     * @throws IOException if the stream fails
     */
    public Frame poll() throws IOException {
        if (limit == pos && in.available() <= 0) {
            return null;
        }
        Frame f = read();
        return f == null ? ReadSide.END : f;
    }

    private boolean atMagic() throws IOException {
        if (buf[pos] != FrameDescriptor.MAGIC_0) {
            return false;
        }
        return !fill(2) || buf[pos + 1] == FrameDescriptor.MAGIC_1;
    }

    /** Hands over stray bytes up to and including a newline, or up to the next NUL, or what is buffered. */
    private void skipStray() {
        int start = pos;
        int i = pos + (buf[pos] == FrameDescriptor.MAGIC_0 ? 1 : 0);
        while (i < limit && buf[i] != '\n' && buf[i] != FrameDescriptor.MAGIC_0) {
            i++;
        }
        if (i < limit && buf[i] == '\n') {
            i++;
        }
        pos = i;
        strayBytes.accept(Arrays.copyOfRange(buf, start, i));
    }

    private byte[] payload(int length, FrameKind kind) throws IOException {
        if (length == 0) {
            return Frame.NO_PAYLOAD;
        }
        byte[] out = new byte[Math.min(length, EAGER_ALLOCATION_LIMIT)];
        int n = Math.min(limit - pos, length);
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        while (n < length) {
            if (n == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
            }
            int r = in.read(out, n, out.length - n);
            if (r < 0) {
                throw new FrameException("truncated frame, kind=" + kind + ", length=" + length + ", received=" + n);
            }
            n += r;
        }
        return out;
    }

    /** Ensures n bytes are buffered; false at end of stream with fewer. */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < n) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                return false;
            }
            limit += r;
        }
        return true;
    }
}
