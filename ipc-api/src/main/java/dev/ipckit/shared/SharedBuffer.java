package dev.ipckit.shared;

import dev.ipckit.IpcException;
import dev.ipckit.internal.region.Attached;
import dev.ipckit.internal.region.Regions;
import dev.ipckit.internal.region.RegionRef;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Read-only input written once into shared memory, for many tasks in many processes to read without a copy
 * — seed 003's "don't pickle the input". What crosses to each task is this object: a reference of a few
 * dozen bytes, however large the input.
 *
 * <pre>{@code
 * try (SharedBuffer data = ctx.share(bigLongArray)) {
 *     List<Long> sums = pool.map(half -> {
 *         LongBuffer all = data.asLongBuffer();             // a view of the shared pages, no copy
 *         long s = 0;
 *         for (int i = half * all.limit() / 2; i < (half + 1) * all.limit() / 2; i++) s += all.get(i);
 *         return s;
 *     }, List.of(0, 1));
 * }
 * }</pre>
 *
 * <p>Views are in the platform's byte order, as the arrays were written. A view is at most 2 GiB; for larger
 * input use {@link #slice(long, int)}. The buffer lives until its creator closes it or exits; views already
 * taken stay readable after that.
 *
 * <p><b>Thread- and process-safe</b> (it is immutable).
 */
public final class SharedBuffer extends Slotted implements AutoCloseable {
    private static final long serialVersionUID = 1L;

    /** What the buffer was made from, which fixes its element size. */
    public enum Element {
        /** bytes, a {@code ByteBuffer} or a file */
        BYTE(1),
        /** {@code int}s */
        INT(4),
        /** {@code long}s */
        LONG(8),
        /** {@code double}s */
        DOUBLE(8);

        private final int size;

        Element(int size) {
            this.size = size;
        }

        /** @return bytes per element */
        public int size() {
            return size;
        }
    }

    /** Whether this object made the region (only its creator's copy frees it); false in a copy received. */
    private transient boolean owner;

    SharedBuffer(RegionRef ref) {
        super(ref);
    }

    private static SharedBuffer allocate(long bytes, Element element) {
        String name = Regions.newName();
        Attached.adopt(name, Regions.create(name, Math.max(1, bytes)));
        SharedBuffer b = new SharedBuffer(new RegionRef(RegionRef.BUFFER, name, 0, bytes, element.ordinal(), null));
        b.owner = true;
        return b;
    }

    /**
     * @param bytes the input, copied once into shared memory
     * @return the shared copy, owned by this process
     */
    public static SharedBuffer of(byte[] bytes) {
        SharedBuffer b = allocate(bytes.length, Element.BYTE);
        b.mapping().put(b.at(0), bytes, 0, bytes.length);
        return b;
    }

    /**
     * @param bytes the input: its remaining bytes are copied once into shared memory; its position stays
     * @return the shared copy, owned by this process
     */
    public static SharedBuffer of(ByteBuffer bytes) {
        SharedBuffer b = allocate(bytes.remaining(), Element.BYTE);
        b.mapping().put(b.at(0), bytes);
        return b;
    }

    /**
     * @param values the input, copied once into shared memory
     * @return the shared copy, owned by this process
     */
    public static SharedBuffer of(int[] values) {
        SharedBuffer b = allocate(values.length * 4L, Element.INT);
        b.copyIn(values.length, 4, (view, from, n) -> view.asIntBuffer().put(values, from, n));
        return b;
    }

    /**
     * @param values the input, copied once into shared memory
     * @return the shared copy, owned by this process
     */
    public static SharedBuffer of(long[] values) {
        SharedBuffer b = allocate(values.length * 8L, Element.LONG);
        b.copyIn(values.length, 8, (view, from, n) -> view.asLongBuffer().put(values, from, n));
        return b;
    }

    /**
     * @param values the input, copied once into shared memory
     * @return the shared copy, owned by this process
     */
    public static SharedBuffer of(double[] values) {
        SharedBuffer b = allocate(values.length * 8L, Element.DOUBLE);
        b.copyIn(values.length, 8, (view, from, n) -> view.asDoubleBuffer().put(values, from, n));
        return b;
    }

    /**
     * @param file a file, copied once into shared memory by the kernel
     * @return the shared copy, owned by this process
     * @throws IpcException if the file cannot be read
     */
    public static SharedBuffer of(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            SharedBuffer b = allocate(size, Element.BYTE);
            long done = 0;
            while (done < size) {
                int n = (int) Math.min(size - done, 1 << 30);
                ByteBuffer view = b.mapping().view(b.at(done), n, true);
                while (view.hasRemaining()) {
                    if (in.read(view, done + view.position()) < 0) {
                        throw new IOException("file shrank while being shared, file=" + file);
                    }
                }
                done += n;
            }
            return b;
        } catch (IOException e) {
            throw new IpcException("cannot share file " + file + ": " + e, e);
        }
    }

    /** Copies {@code count} elements in or out, a gigabyte at a time (a view is at most 2 GiB). */
    private void copyIn(int count, int size, Chunk chunk) {
        int per = (1 << 30) / size;
        for (int from = 0; from < count; from += per) {
            int n = Math.min(per, count - from);
            chunk.copy(mapping().view(at((long) from * size), n * size, true), from, n);
        }
    }

    private void copyOut(int count, int size, Chunk chunk) {
        int per = (1 << 30) / size;
        for (int from = 0; from < count; from += per) {
            int n = Math.min(per, count - from);
            chunk.copy(mapping().view(at((long) from * size), n * size, false), from, n);
        }
    }

    @FunctionalInterface
    private interface Chunk {
        void copy(ByteBuffer view, int from, int count);
    }

    /** @return its size in bytes */
    public long byteSize() {
        return ref.length();
    }

    /** @return what it was made from */
    public Element element() {
        return Element.values()[(int) ref.param()];
    }

    /** @return how many elements */
    public long length() {
        return byteSize() / element().size();
    }

    /**
     * @param offset the first byte
     * @param count how many bytes
     * @return a read-only view of that range, no copy
     */
    public ByteBuffer slice(long offset, int count) {
        if (offset < 0 || count < 0 || offset > byteSize() - count) {
            throw new IndexOutOfBoundsException("slice out of bounds, offset=" + offset + ", count=" + count
                    + ", size=" + byteSize());
        }
        mapping().markEscaped(); // the view outlives any close: only the GC may unmap now
        return mapping().view(at(offset), count, false);
    }

    /** @return a read-only view of all of it, no copy (at most 2 GiB) */
    public ByteBuffer asByteBuffer() {
        if (byteSize() > Integer.MAX_VALUE) {
            throw new IllegalStateException("shared buffer of " + byteSize() + " bytes is over 2 GiB: use slice()");
        }
        return slice(0, (int) byteSize());
    }

    /** @return a read-only view as {@code int}s, no copy */
    public IntBuffer asIntBuffer() {
        return asByteBuffer().asIntBuffer();
    }

    /** @return a read-only view as {@code long}s, no copy */
    public LongBuffer asLongBuffer() {
        return asByteBuffer().asLongBuffer();
    }

    /** @return a read-only view as {@code double}s, no copy */
    public DoubleBuffer asDoubleBuffer() {
        return asByteBuffer().asDoubleBuffer();
    }

    /** @return a copy of the bytes on the heap */
    public byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(byteSize())];
        mapping().get(at(0), out, 0, out.length);
        return out;
    }

    /** @return a copy on the heap, as {@code int}s */
    public int[] toIntArray() {
        int[] out = new int[Math.toIntExact(byteSize() / 4)];
        copyOut(out.length, 4, (view, from, n) -> view.asIntBuffer().get(out, from, n));
        return out;
    }

    /** @return a copy on the heap, as {@code long}s */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(byteSize() / 8)];
        copyOut(out.length, 8, (view, from, n) -> view.asLongBuffer().get(out, from, n));
        return out;
    }

    /** @return a copy on the heap, as {@code double}s */
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(byteSize() / 8)];
        copyOut(out.length, 8, (view, from, n) -> view.asDoubleBuffer().get(out, from, n));
        return out;
    }

    /** @return the name of the shared-memory region holding it */
    public String regionName() {
        return ref.region();
    }

    /**
     * Frees it, if this is the object {@code share} returned: no task can attach it any more. If this process
     * never took a view of it, its pages go back at once; views already taken stay readable until they are
     * garbage. On a copy a task received, does nothing. Close it after the tasks that read it are done (a
     * {@code map} returns only then, so try-with-resources around it is right); reading it here after the close
     * throws {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (owner) {
            owner = false;
            Regions.unlink(ref.region());
            Attached.releaseIfPrivate(ref.region()); // pages back now unless this process took views
        }
    }

    @Override
    public String toString() {
        return "SharedBuffer[" + length() + " " + element().name().toLowerCase(Locale.ROOT)
                + (length() == 1 ? "" : "s") + ", " + ref.region() + "]";
    }
}
