package dev.ipckit.sharedmem;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How far each reader has got, in a small mapped file beside the queues, so that a writer can hold back
 * when its reader falls behind (a queue on tmpfs would otherwise grow until memory runs out). One slot
 * per direction, each on its own cache line:
 *
 * <pre>
 *  0                       8          64                      72         128
 *  +-----------------------+----------+-----------------------+----------+
 *  | read bytes, to child  | (unused) | read bytes, to parent | (unused) |
 *  +-----------------------+----------+-----------------------+----------+
 * </pre>
 *
 * A slot counts the wire bytes of frames its reader has taken; {@link #CLOSED} means the reader is gone.
 *
 * <p><b>Thread-safe.</b>
 */
final class ShmProgress {
    /** File name in the link directory. */
    static final String FILE = "progress";
    /** Slot of the parent-to-child direction. */
    static final int TO_CHILD = 0;
    /** Slot of the child-to-parent direction. */
    static final int TO_PARENT = 64;
    /** A reader that will read no more. */
    static final long CLOSED = Long.MAX_VALUE;
    private static final int SIZE = 128;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final MappedByteBuffer buffer;

    private ShmProgress(MappedByteBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * @param dir the link directory
     * @return the progress file there, made if missing
     * @throws IOException if it cannot be mapped
     */
    static ShmProgress open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ShmDirectory.restrict(file);
            return new ShmProgress(ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE));
        }
    }

    /**
     * @param slot {@link #TO_CHILD} or {@link #TO_PARENT}
     * @return bytes read so far in that direction, or {@link #CLOSED}
     */
    long read(int slot) {
        return (long) LONGS.getAcquire(buffer, slot);
    }

    /**
     * @param slot {@link #TO_CHILD} or {@link #TO_PARENT}
     * @param value bytes read so far, or {@link #CLOSED}
     */
    void publish(int slot, long value) {
        LONGS.setRelease(buffer, slot, value);
    }
}
