package dev.ipckit.sharedmem;

import dev.ipckit.spi.Frame;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import static dev.ipckit.sharedmem.ShmExcerptDescriptor.CONNECT;
import static dev.ipckit.sharedmem.ShmExcerptDescriptor.END;
import static dev.ipckit.sharedmem.ShmExcerptDescriptor.FRAME;

/**
 * Writes excerpts in the layout of {@link ShmExcerptDescriptor}. An excerpt that fails half-way is rolled
 * back, so a reader never sees it.
 *
 * <p><b>Not thread-safe:</b> callers hold the link's send lock.
 */
final class ShmExcerptWriter {
    private ShmExcerptWriter() {
    }

    /**
     * @param appender the appender
     * @param frame the frame
     */
    static void write(ExcerptAppender appender, Frame frame) {
        try (DocumentContext dc = appender.writingDocument()) {
            try {
                Bytes<?> b = dc.wire().bytes();
                b.writeByte(FRAME);
                b.writeByte(frame.kind().wire());
                b.writeByte(frame.codec());
                b.writeByte((byte) 0);
                b.writeInt(frame.channel());
                b.writeInt(frame.payload().length);
                b.write(frame.payload());
            } catch (RuntimeException | Error e) {
                dc.rollbackOnClose();
                throw e;
            }
        }
    }

    /** @param appender the appender: writes the end of stream */
    static void writeEnd(ExcerptAppender appender) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().writeByte(END);
        }
    }

    /**
     * @param appender the appender
     * @param pid this process's pid, first excerpt of the child
     */
    static void writeConnect(ExcerptAppender appender, long pid) {
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeByte(CONNECT);
            b.writeByte((byte) 0);
            b.writeByte((byte) 0);
            b.writeByte((byte) 0);
            b.writeLong(pid);
        }
    }
}
