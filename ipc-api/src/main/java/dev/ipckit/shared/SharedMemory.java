package dev.ipckit.shared;

import dev.ipckit.IpcException;
import dev.ipckit.internal.region.Mapping;
import dev.ipckit.internal.region.Regions;
import dev.ipckit.spi.Pids;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A named block of memory that several processes map at once — Python's
 * {@code multiprocessing.shared_memory.SharedMemory}. It is a file on tmpfs ({@code /dev/shm}) mapped into
 * each process: what one process writes, the others read, without a copy and without a message.
 *
 * <pre>{@code
 * try (SharedMemory mem = SharedMemory.create("frames", 64 << 20)) {     // in one process
 *     mem.putLong(0, 42);
 *     ...
 * }
 * SharedMemory mem = SharedMemory.attach("frames");                       // in another
 * long v = mem.getLong(0);
 * }</pre>
 *
 * <p><b>Lifetime.</b> A region belongs to the process that created it. It is removed when its creator
 * {@linkplain #close() closes} it, exits, or dies (a killed creator's region is swept by its parent at once,
 * or by the next process that uses shared memory); a process that only attached never removes it by
 * exiting. {@link #unlink()} removes the name earlier. Mappings already made stay valid after the name is
 * gone; a new {@link #attach(String)} fails.
 *
 * <p><b>Size.</b> Any size the file system has room for, above 2 GiB too; offsets are {@code long}. Pages are
 * taken as they are first written. Byte order is the platform's.
 *
 * <p><b>Atomicity.</b> The {@code ...Volatile}, {@code compareAndSet...} and {@code getAndAdd...} methods are
 * atomic across processes at offsets that are a multiple of 8; plain gets and puts are not ordered with
 * respect to other processes — publish with a volatile write or a {@link ProcessLock}.
 *
 * <p><b>Thread-safe</b>; access to one offset is ordered by the caller.
 */
public final class SharedMemory implements AutoCloseable {
    private final String name;
    private final Mapping mapping;
    private final long size;
    private final boolean owner;
    private volatile boolean closed;

    private SharedMemory(String name, Mapping mapping, boolean owner) {
        this.name = name;
        this.mapping = mapping;
        this.size = mapping.length() - Regions.HEADER;
        this.owner = owner;
    }

    /**
     * Creates a region, zero-filled.
     *
     * @param name its name: 1 to 100 of {@code [A-Za-z0-9._-]}, unique among this user's regions
     * @param size its size in bytes, positive; above 2 GiB is fine
     * @return the region, owned by this process
     * @throws IpcException if the name is taken or there is no room for it
     * @throws IllegalArgumentException for a bad name or size
     */
    public static SharedMemory create(String name, long size) {
        return new SharedMemory(name, Regions.create(name, size), true);
    }

    /**
     * Creates a region under a fresh name, as Python's {@code SharedMemory(create=True)} without a name.
     *
     * @param size its size in bytes, positive
     * @return the region, owned by this process; {@link #name()} tells others what to attach
     */
    public static SharedMemory create(long size) {
        return create(Regions.newName(), size);
    }

    /**
     * Attaches to a region that exists.
     *
     * @param name its name
     * @return a mapping of it in this process (closing it does not remove the region)
     * @throws IpcException if there is no region of that name
     */
    public static SharedMemory attach(String name) {
        return new SharedMemory(name, Regions.attach(name), false);
    }

    /**
     * @return the private directory (mode 0700) where this user's regions live as files, one per region:
     *     {@code /dev/shm/ipckit-mem-<user>-<pid namespace>} unless {@code -Dipckit.shared.dir} names another root
     */
    public static Path directory() {
        return Regions.directory();
    }

    /** @return the name other processes attach by */
    public String name() {
        return name;
    }

    /** @return the size in bytes */
    public long size() {
        return size;
    }

    /** @return whether this process created it (and removes it on close) */
    public boolean isOwner() {
        return owner;
    }

    /** @return the pid of the process that created it */
    public long creatorPid() {
        return Regions.creator(mapping);
    }

    /** @return whether {@link #close()} was called on this object */
    public boolean isClosed() {
        return closed;
    }

    private long at(long offset, long count) {
        if (closed) {
            throw new IllegalStateException("shared memory is closed, name=" + name);
        }
        if (offset < 0 || count < 0 || offset > size - count) {
            throw new IndexOutOfBoundsException("shared memory access out of bounds, name=" + name + ", offset="
                    + offset + ", count=" + count + ", size=" + size);
        }
        return Regions.HEADER + offset;
    }

    private long aligned(long offset) {
        if ((offset & 7) != 0) {
            throw new IllegalArgumentException("atomic access needs an offset that is a multiple of 8, offset=" + offset);
        }
        return at(offset, 8);
    }

    /**
     * @param offset where
     * @return the byte there
     */
    public byte get(long offset) {
        return mapping.get(at(offset, 1));
    }

    /**
     * @param offset where
     * @param value the byte to write there
     */
    public void put(long offset, byte value) {
        mapping.put(at(offset, 1), value);
    }

    /**
     * @param offset where
     * @return the int there (plain read)
     */
    public int getInt(long offset) {
        return mapping.getInt(at(offset, 4));
    }

    /**
     * @param offset where
     * @param value the int to write there (plain write)
     */
    public void putInt(long offset, int value) {
        mapping.putInt(at(offset, 4), value);
    }

    /**
     * @param offset where
     * @return the long there (plain read)
     */
    public long getLong(long offset) {
        return mapping.getLong(at(offset, 8));
    }

    /**
     * @param offset where
     * @param value the long to write there (plain write)
     */
    public void putLong(long offset, long value) {
        mapping.putLong(at(offset, 8), value);
    }

    /**
     * @param offset where
     * @return the double there (plain read)
     */
    public double getDouble(long offset) {
        return Double.longBitsToDouble(getLong(offset));
    }

    /**
     * @param offset where
     * @param value the double to write there (plain write)
     */
    public void putDouble(long offset, double value) {
        putLong(offset, Double.doubleToRawLongBits(value));
    }

    /**
     * @param offset a multiple of 8
     * @return the long there, read with volatile semantics across processes
     */
    public long getLongVolatile(long offset) {
        return mapping.getLongVolatile(aligned(offset));
    }

    /**
     * @param offset a multiple of 8
     * @param value written with volatile semantics across processes
     */
    public void setLongVolatile(long offset, long value) {
        mapping.setLongVolatile(aligned(offset), value);
    }

    /**
     * @param offset a multiple of 8
     * @param expected the value it must hold
     * @param value the value to put in its place
     * @return whether it held {@code expected} and now holds {@code value}, atomically across processes
     */
    public boolean compareAndSetLong(long offset, long expected, long value) {
        return mapping.compareAndSetLong(aligned(offset), expected, value);
    }

    /**
     * @param offset a multiple of 8
     * @param delta what to add, atomically across processes
     * @return the value before
     */
    public long getAndAddLong(long offset, long delta) {
        return mapping.getAndAddLong(aligned(offset), delta);
    }

    /**
     * Copies bytes out.
     *
     * @param offset where the first byte is
     * @param dst where to copy them
     * @param at where in {@code dst}
     * @param count how many
     */
    public void get(long offset, byte[] dst, int at, int count) {
        Objects.checkFromIndexSize(at, count, dst.length);
        mapping.get(at(offset, count), dst, at, count);
    }

    /**
     * Copies bytes in.
     *
     * @param offset where the first byte goes
     * @param src the bytes
     * @param at where in {@code src}
     * @param count how many
     */
    public void put(long offset, byte[] src, int at, int count) {
        Objects.checkFromIndexSize(at, count, src.length);
        mapping.put(at(offset, count), src, at, count);
    }

    /**
     * Copies a buffer's remaining bytes in; its position does not move.
     *
     * @param offset where the first byte goes
     * @param src the bytes
     */
    public void put(long offset, ByteBuffer src) {
        mapping.put(at(offset, src.remaining()), src);
    }

    /**
     * A view of a range without a copy: reads and writes through it are reads and writes of the shared
     * memory. Stays valid after {@link #close()} (it keeps its mapping alive until it is garbage).
     *
     * @param offset where the view starts
     * @param count how many bytes, at most {@link Integer#MAX_VALUE}
     * @return a writable view in the platform's byte order
     */
    public ByteBuffer slice(long offset, int count) {
        mapping.markEscaped();
        return mapping.view(at(offset, count), count, true);
    }

    /** Removes the name now: no process can attach any more; mappings already made stay valid. */
    public void unlink() {
        Regions.unlink(name);
    }

    /**
     * Lets go of the region in this process; the creator's close also removes it. Views from
     * {@link #slice(long, int)} stay valid; this object's own accessors throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (owner && Regions.creator(mapping) == Pids.self()) {
            Regions.unlink(name);
        }
        mapping.close();
    }

    Mapping mapping() {
        return mapping;
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size + " bytes" + (owner ? ", owner" : "") + "]";
    }
}
