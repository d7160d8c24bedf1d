package dev.ipckit.shared;

import dev.ipckit.internal.region.RegionRef;
import java.util.Objects;

/**
 * A fixed-length array of {@code long}s in shared memory, each element atomic — Python's
 * {@code Array('q', n)} without its lock. Any length the shared file system has room for.
 *
 * <p><b>Thread- and process-safe</b> per element.
 */
public final class SharedLongArray extends Slotted {
    private static final long serialVersionUID = 1L;

    SharedLongArray(RegionRef ref) {
        super(ref);
    }

    /**
     * @param length how many elements, all zero; 0 is allowed
     * @return a new array, owned by this process
     */
    public static SharedLongArray create(long length) {
        if (length < 0 || length > Long.MAX_VALUE / 8) {
            throw new IllegalArgumentException("a shared array's length must be 0 or more, length=" + length);
        }
        return new SharedLongArray(place(RegionRef.LONG_ARRAY, Math.max(8, length * 8), length, 0, null));
    }

    /**
     * @param values the first values
     * @return a new array holding a copy of them, owned by this process
     */
    public static SharedLongArray of(long... values) {
        SharedLongArray a = create(values.length);
        for (int i = 0; i < values.length; i++) {
            a.set(i, values[i]);
        }
        return a;
    }

    /** @return how many elements */
    public long length() {
        return ref.length();
    }

    private long slot(long index) {
        Objects.checkIndex(index, ref.length());
        return at(index * 8);
    }

    /**
     * @param index which element
     * @return its value (volatile read)
     */
    public long get(long index) {
        return mapping().getLongVolatile(slot(index));
    }

    /**
     * @param index which element
     * @param value its new value (volatile write)
     */
    public void set(long index, long value) {
        mapping().setLongVolatile(slot(index), value);
    }

    /**
     * @param index which element
     * @param delta what to add to it
     * @return its value after
     */
    public long addAndGet(long index, long delta) {
        return mapping().getAndAddLong(slot(index), delta) + delta;
    }

    /**
     * @param index which element
     * @param expected what it must hold
     * @param value what to put instead
     * @return whether it held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSet(long index, long expected, long value) {
        return mapping().compareAndSetLong(slot(index), expected, value);
    }

    /** @return a copy of the elements (each read atomically, not the whole as one snapshot) */
    public long[] toArray() {
        long[] out = new long[Math.toIntExact(length())];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SharedLongArray[" + length() + "]";
    }
}
