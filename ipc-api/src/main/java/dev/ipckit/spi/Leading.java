package dev.ipckit.spi;

import java.util.function.BooleanSupplier;

/**
 * How a thread waits for something a link brings: it {@link Link#readInline leads} the link's read side
 * whenever it can, so that what it waits for arrives in its own thread, and otherwise waits its own way
 * (on a queue, a future) for a slice of time before it tries to lead again. The slices grow from
 * {@value #FIRST_SLICE_NANOS} ns to {@value #MAX_SLICE_NANOS} ns, so a long wait costs about a hundred
 * wake-ups a second.
 */
public final class Leading {
    /** The first slice of waiting before a thread tries again to lead. */
    static final long FIRST_SLICE_NANOS = 50_000;
    /** The longest slice. */
    static final long MAX_SLICE_NANOS = 10_000_000;

    private Leading() {
    }

    /** One slice of a thread's own wait. */
    @FunctionalInterface
    public interface Slice {
        /**
         * @param nanos the longest wait, &gt; 0
         * @return whether what the thread waits for has come
         * @throws InterruptedException if interrupted
         */
        boolean await(long nanos) throws InterruptedException;
    }

    /**
     * Waits until {@code satisfied} is true or the deadline passes.
     *
     * @param link the link to lead, or null to wait in slices only
     * @param satisfied what the thread waits for
     * @param deadlineNanos a {@link System#nanoTime()}, or {@link Long#MAX_VALUE} for no deadline
     * @param slice the thread's own wait; returns true when it has what it waits for
     * @return whether the wait was satisfied (false: the deadline passed)
     * @throws InterruptedException if interrupted
     */
    public static boolean await(Link link, BooleanSupplier satisfied, long deadlineNanos, Slice slice)
            throws InterruptedException {
        long sliceNanos = FIRST_SLICE_NANOS;
        while (true) {
            if (satisfied.getAsBoolean()
                    || link != null && link.readInline(satisfied, deadlineNanos) && satisfied.getAsBoolean()) {
                return true;
            }
            long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return satisfied.getAsBoolean();
            }
            if (slice.await(link == null ? left : Math.min(left, sliceNanos))) {
                return true;
            }
            sliceNanos = Math.min(sliceNanos << 1, MAX_SLICE_NANOS);
        }
    }
}
