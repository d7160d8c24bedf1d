package dev.ipckit.shared;

import dev.ipckit.internal.region.RegionRef;

/**
 * A {@code double} in shared memory, read and updated atomically by every process holding this object —
 * Python's {@code Value('d')} without its lock. Additions are compare-and-set loops on the value's bits.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class SharedDouble extends Slotted {
    private static final long serialVersionUID = 1L;

    SharedDouble(RegionRef ref) {
        super(ref);
    }

    /**
     * @param initial its first value
     * @return a new shared double, owned by this process
     */
    public static SharedDouble create(double initial) {
        SharedDouble v = new SharedDouble(place(RegionRef.DOUBLE, 8, 1, 0, null));
        v.set(initial);
        return v;
    }

    /** @return the value (volatile read) */
    public double get() {
        return Double.longBitsToDouble(mapping().getLongVolatile(at(0)));
    }

    /** @param value the new value (volatile write) */
    public void set(double value) {
        mapping().setLongVolatile(at(0), Double.doubleToRawLongBits(value));
    }

    /**
     * @param delta what to add
     * @return the value after
     */
    public double addAndGet(double delta) {
        long at = at(0);
        while (true) {
            long bits = mapping().getLongVolatile(at);
            double next = Double.longBitsToDouble(bits) + delta;
            if (mapping().compareAndSetLong(at, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /**
     * Compares bit patterns, so {@code NaN} matches {@code NaN} and {@code 0.0} does not match {@code -0.0}.
     *
     * @param expected what it must hold
     * @param value what to put instead
     * @return whether it held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSet(double expected, double value) {
        return mapping().compareAndSetLong(at(0), Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
    }

    @Override
    public String toString() {
        return "SharedDouble[" + get() + "]";
    }
}
