package dev.ipckit.sharedmem;

import dev.ipckit.FrameException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import static dev.ipckit.sharedmem.ShmExcerptDescriptor.CONNECT;
import static dev.ipckit.sharedmem.ShmExcerptDescriptor.END;
import static dev.ipckit.sharedmem.ShmExcerptDescriptor.FRAME;
import static dev.ipckit.sharedmem.ShmExcerptDescriptor.HEADER_LENGTH;
import static dev.ipckit.sharedmem.ShmExcerptDescriptor.PID_OFFSET;

/**
 * Reads excerpts in the layout of {@link ShmExcerptDescriptor}, copying each payload out of the mapping
 * before the excerpt is released. Anything malformed is a {@link FrameException}.
 *
 * <p><b>Not thread-safe:</b> one reader thread.
 */
final class ShmExcerptReader {
    /** Returned for the end-of-stream excerpt; compared by identity. */
    static final Frame END_OF_STREAM = Frame.of(FrameKind.EOF, -1);
    /** Returned for an excerpt that carries no frame (a repeated CONNECT). */
    static final Frame SKIP = Frame.of(FrameKind.EOF, -2);

    private final ExcerptTailer tailer;
    private final int maxFrameSize;
    private long connectedPid = -1;

    /**
     * @param tailer the tailer of the inbound queue
     * @param maxFrameSize the largest payload accepted
     */
    ShmExcerptReader(ExcerptTailer tailer, int maxFrameSize) {
        this.tailer = tailer;
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * @return the next frame, {@link #END_OF_STREAM}, {@link #SKIP}, or null if no whole excerpt is there yet
     * @throws FrameException if the excerpt is malformed
     */
    Frame next() {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                return null;
            }
            Bytes<?> b = dc.wire().bytes();
            long remaining = b.readRemaining();
            if (remaining < 1) {
                throw new FrameException("empty excerpt on a shared-memory link, index=" + dc.index());
            }
            byte type = b.readByte();
            switch (type) {
                case FRAME:
                    return frame(b, remaining);
                case END:
                    return END_OF_STREAM;
                case CONNECT:
                    if (remaining < PID_OFFSET + 8) {
                        throw new FrameException("connect excerpt too short, length=" + remaining);
                    }
                    b.readSkip(PID_OFFSET - 1);
                    connectedPid = b.readLong();
                    return SKIP;
                default:
                    throw new FrameException("unknown excerpt type on a shared-memory link, type=" + (type & 0xff));
            }
        }
    }

    private Frame frame(Bytes<?> b, long remaining) {
        if (remaining < HEADER_LENGTH) {
            throw new FrameException("frame excerpt cut short, length=" + remaining);
        }
        FrameKind kind = FrameKind.of(b.readByte());
        byte codec = b.readByte();
        if (codec < 0 || codec > FrameDescriptor.MAX_CODEC) {
            throw new FrameException("unknown frame codec, codec=" + codec);
        }
        b.readSkip(1);
        int channel = b.readInt();
        int length = b.readInt();
        if (length < 0 || length > maxFrameSize) {
            throw new FrameException("frame too long, length=" + Integer.toUnsignedString(length)
                    + ", maxFrameSize=" + maxFrameSize);
        }
        if (remaining - HEADER_LENGTH != length) {
            throw new FrameException("frame excerpt length mismatch, length=" + length + ", excerpt="
                    + (remaining - HEADER_LENGTH));
        }
        byte[] payload = length == 0 ? Frame.NO_PAYLOAD : new byte[length];
        if (length > 0) {
            b.read(payload);
        }
        return new Frame(kind, codec, channel, payload);
    }

    /** @return the pid of the last CONNECT excerpt read, or -1 */
    long connectedPid() {
        return connectedPid;
    }
}
