package dev.ipckit.shared;

import dev.ipckit.internal.region.RegionRef;

/**
 * A {@code long} in shared memory that every process holding this object reads and updates atomically —
 * Python's {@code Value('q')}, but lock-free: {@link #incrementAndGet()} from four processes at once loses
 * nothing.
 *
 * <p>Pass it to a child in a task or a pool argument; it crosses as a reference to the memory. It lives as
 * long as the process that created it.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class SharedLong extends Slotted {
    private static final long serialVersionUID = 1L;

    SharedLong(RegionRef ref) {
        super(ref);
    }

    /**
     * @param initial its first value
     * @return a new shared long, owned by this process
     */
    public static SharedLong create(long initial) {
        SharedLong v = new SharedLong(place(RegionRef.LONG, 8, 1, 0, null));
        v.set(initial);
        return v;
    }

    /** @return the value (volatile read) */
    public long get() {
        return mapping().getLongVolatile(at(0));
    }

    /** @param value the new value (volatile write) */
    public void set(long value) {
        mapping().setLongVolatile(at(0), value);
    }

    /** @return the value after adding one */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /** @return the value after subtracting one */
    public long decrementAndGet() {
        return addAndGet(-1);
    }

    /**
     * @param delta what to add
     * @return the value after
     */
    public long addAndGet(long delta) {
        return mapping().getAndAddLong(at(0), delta) + delta;
    }

    /**
     * @param delta what to add
     * @return the value before
     */
    public long getAndAdd(long delta) {
        return mapping().getAndAddLong(at(0), delta);
    }

    /**
     * @param value the new value
     * @return the value before
     */
    public long getAndSet(long value) {
        return mapping().getAndSetLong(at(0), value);
    }

    /**
     * @param expected what it must hold
     * @param value what to put instead
     * @return whether it held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSet(long expected, long value) {
        return mapping().compareAndSetLong(at(0), expected, value);
    }

    @Override
    public String toString() {
        return "SharedLong[" + get() + "]";
    }
}
