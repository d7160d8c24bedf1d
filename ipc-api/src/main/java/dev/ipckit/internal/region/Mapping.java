package dev.ipckit.internal.region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A whole file mapped into memory, any size: one mapping per gigabyte (a {@link MappedByteBuffer} holds at
 * most 2 GiB), each overlapping the next by {@link #OVERLAP} bytes so that every access of up to that many
 * bytes lies inside one mapping. Offsets are file offsets; the caller checks bounds.
 *
 * <p>Atomic access is through {@link VarHandle}s on the mappings, which the JDK supports for aligned
 * offsets of direct buffers: between processes these are the processor's own atomic instructions on the
 * shared page.
 *
 * <p><b>Thread-safe</b> for concurrent access at different offsets; the caller orders access at one offset.
 */
public final class Mapping implements AutoCloseable {
    /** Bytes covered by each mapping besides its overlap: 1 GiB. */
    static final int SEGMENT_SHIFT = 30;
    static final long SEGMENT = 1L << SEGMENT_SHIFT;
    /** The largest access that is guaranteed to lie inside one mapping. */
    public static final int OVERLAP = 1 << 16;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final FileChannel channel;
    private final long length;
    private final MappedByteBuffer[] segments;
    /** Whether a view was handed to code outside ipckit: then only the garbage collector may unmap. */
    private volatile boolean escaped;
    /** Set before the segments are unmapped: later access fails with an exception, not a crash. */
    private volatile boolean unmapped;

    /**
     * Maps all of a file read-write (or read-only).
     *
     * @param channel an open channel, kept open (and closed by {@link #close()}) for views that cross mappings
     * @param length the file's length
     * @param writable whether to map it read-write
     * @throws IOException if the file cannot be mapped
     */
    public Mapping(FileChannel channel, long length, boolean writable) throws IOException {
        this.channel = channel;
        this.length = length;
        int n = (int) Math.max(1, (length + SEGMENT - 1) >>> SEGMENT_SHIFT);
        segments = new MappedByteBuffer[n];
        FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        for (int i = 0; i < n; i++) {
            long start = (long) i << SEGMENT_SHIFT;
            long size = Math.min(SEGMENT + OVERLAP, length - start);
            segments[i] = channel.map(mode, start, Math.max(0, size));
            segments[i].order(ByteOrder.nativeOrder());
        }
    }

    /** @return the file's length */
    public long length() {
        return length;
    }

    private MappedByteBuffer segment(long offset) {
        if (unmapped) {
            throw new IllegalStateException("shared memory was freed by its owner; it can no longer be read here");
        }
        return segments[(int) (offset >>> SEGMENT_SHIFT)];
    }

    private static int local(long offset) {
        return (int) (offset & (SEGMENT - 1));
    }

    /** @return the byte at a file offset */
    public byte get(long offset) {
        return segment(offset).get(local(offset));
    }

    /** Writes a byte at a file offset. */
    public void put(long offset, byte value) {
        segment(offset).put(local(offset), value);
    }

    /** @return the int at a file offset (plain read) */
    public int getInt(long offset) {
        return segment(offset).getInt(local(offset));
    }

    /** Writes an int at a file offset (plain write). */
    public void putInt(long offset, int value) {
        segment(offset).putInt(local(offset), value);
    }

    /** @return the long at a file offset (plain read) */
    public long getLong(long offset) {
        return segment(offset).getLong(local(offset));
    }

    /** Writes a long at a file offset (plain write). */
    public void putLong(long offset, long value) {
        segment(offset).putLong(local(offset), value);
    }

    /** @return the long at an 8-aligned file offset, read with volatile semantics */
    public long getLongVolatile(long offset) {
        return (long) LONGS.getVolatile(segment(offset), local(offset));
    }

    /** Writes the long at an 8-aligned file offset with volatile semantics. */
    public void setLongVolatile(long offset, long value) {
        LONGS.setVolatile(segment(offset), local(offset), value);
    }

    /** @return whether the long at an 8-aligned file offset was {@code expected} and is now {@code value} */
    public boolean compareAndSetLong(long offset, long expected, long value) {
        return LONGS.compareAndSet(segment(offset), local(offset), expected, value);
    }

    /** @return the long at an 8-aligned file offset before {@code delta} was added to it atomically */
    public long getAndAddLong(long offset, long delta) {
        return (long) LONGS.getAndAdd(segment(offset), local(offset), delta);
    }

    /** @return the long at an 8-aligned file offset before it was set to {@code value} atomically */
    public long getAndSetLong(long offset, long value) {
        return (long) LONGS.getAndSet(segment(offset), local(offset), value);
    }

    /** @return the int at a 4-aligned file offset, read with volatile semantics */
    public int getIntVolatile(long offset) {
        return (int) INTS.getVolatile(segment(offset), local(offset));
    }

    /**
     * Copies bytes out, across mappings if need be.
     *
     * @param offset the file offset of the first byte
     * @param dst where to
     * @param at where in {@code dst}
     * @param count how many
     */
    public void get(long offset, byte[] dst, int at, int count) {
        while (count > 0) {
            int local = local(offset);
            int n = (int) Math.min(count, SEGMENT - local);
            segment(offset).get(local, dst, at, n);
            offset += n;
            at += n;
            count -= n;
        }
    }

    /**
     * Copies bytes in, across mappings if need be.
     *
     * @param offset the file offset of the first byte
     * @param src from where
     * @param at where in {@code src}
     * @param count how many
     */
    public void put(long offset, byte[] src, int at, int count) {
        while (count > 0) {
            int local = local(offset);
            int n = (int) Math.min(count, SEGMENT - local);
            segment(offset).put(local, src, at, n);
            offset += n;
            at += n;
            count -= n;
        }
    }

    /**
     * Copies the remaining bytes of a buffer in, across mappings if need be; the buffer's position is left alone.
     *
     * @param offset the file offset of the first byte
     * @param src from where
     */
    public void put(long offset, ByteBuffer src) {
        ByteBuffer from = src.duplicate();
        while (from.hasRemaining()) {
            int local = local(offset);
            int n = (int) Math.min(from.remaining(), SEGMENT - local);
            ByteBuffer part = from.slice(from.position(), n);
            segment(offset).put(local, part, 0, n);
            from.position(from.position() + n);
            offset += n;
        }
    }

    /**
     * A view of a range, without a copy: a slice of one mapping when the range lies in one, else a mapping
     * of its own.
     *
     * @param offset the file offset of the first byte
     * @param count how many bytes
     * @param writable whether the view may be written
     * @return the view, in the platform's byte order, position 0, limit {@code count}
     */
    public ByteBuffer view(long offset, int count, boolean writable) {
        int local = local(offset);
        MappedByteBuffer seg = segment(offset);
        ByteBuffer view;
        if (local + (long) count <= seg.capacity()) {
            view = seg.slice(local, count);
        } else {
            try {
                view = channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY,
                        offset, count);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map a view of shared memory, offset=" + offset
                        + ", count=" + count, e);
            }
        }
        if (!writable && !view.isReadOnly()) {
            view = view.asReadOnlyBuffer();
        }
        return view.order(ByteOrder.nativeOrder());
    }

    /** Records that a view of this mapping was handed to user code, so {@link #unmapIfPrivate()} keeps it. */
    public void markEscaped() {
        escaped = true;
    }

    /** Unmaps now if no view ever left ipckit's code, else only closes the file (the GC unmaps later). */
    public void unmapIfPrivate() {
        if (escaped) {
            close();
        } else {
            unmap();
        }
    }

    /**
     * Unmaps now and closes the file, for a mapping no view of which ever left ipckit's own code (the
     * regions of automatic sharing): their pages go back to the system at once instead of at the next
     * garbage collection. Falls back to {@link #close()} where the JDK offers no way to unmap.
     */
    public void unmap() {
        close();
        unmapped = true;
        for (MappedByteBuffer b : segments) {
            if (!Unmapper.unmap(b)) {
                return;
            }
        }
    }

    /**
     * Closes the file. The mappings stay valid until the garbage collector frees them (the JDK offers no safe
     * way to unmap while views may still be reachable), so closing never makes a live view crash the JVM.
     */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }
}
