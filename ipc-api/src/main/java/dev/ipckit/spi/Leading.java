package dev.ipckit.spi;

import java.util.function.BooleanSupplier;

/**
 * How a thread waits for something a link brings: it {@link Link#readInline leads} the link's read side
 * if it can, so that what it waits for arrives in its own thread with no hand-off. If another thread reads
 * the link (its reader thread, blocked in a read) or nothing came within the spin budget, it waits its own
 * way (on a queue, a future) for a slice and tries to lead again: a reader thread steps aside at the next
 * frame when a waiter wants the lead, so a conversation moves into the waiting threads. The slices are
 * short while frames arrive ({@value #ACTIVE_SLICE_NANOS} ns) and long while the link is idle
 * ({@value #IDLE_SLICE_NANOS} ns: five wake-ups a second for a thread blocked on a quiet link,
 * which then only checks whether frames flow again).
 */
public final class Leading {
    /** The first slice, before a thread tries to lead a second time. */
    static final long SECOND_CHANCE_NANOS = 50_000;
    /** The slice on a link that is reading frames: below {@link ReadSide#WANTED_HOLD_NANOS}. */
    static final long ACTIVE_SLICE_NANOS = 250_000;
    /** The slice on an idle link. */
    static final long IDLE_SLICE_NANOS = 200_000_000;

    private Leading() {
    }

    /** A thread's own wait. */
    @FunctionalInterface
    public interface Slice {
        /**
         * @param nanos the longest wait, &gt; 0; {@link Long#MAX_VALUE} for no limit
         * @return whether what the thread waits for has come
         * @throws InterruptedException if interrupted
         */
        boolean await(long nanos) throws InterruptedException;
    }

    /**
     * Waits until {@code satisfied} is true or the deadline passes.
     *
     * @param link the link to lead, or null to wait the thread's own way only
     * @param satisfied what the thread waits for
     * @param deadlineNanos a {@link System#nanoTime()}, or {@link Long#MAX_VALUE} for no deadline
     * @param slice the thread's own wait; returns true when it has what it waits for
     * @return whether the wait was satisfied (false: the deadline passed)
     * @throws InterruptedException if interrupted
     */
    public static boolean await(Link link, BooleanSupplier satisfied, long deadlineNanos, Slice slice)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (satisfied.getAsBoolean()) {
                return true;
            }
            // on an idle link a waiter only looks now and then whether frames flow again: no lock, no spin
            boolean lead = link != null && (attempt < 2 || link.readActive());
            if (lead && link.readInline(satisfied, deadlineNanos) && satisfied.getAsBoolean()) {
                return true;
            }
            long left = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return satisfied.getAsBoolean();
            }
            if (link == null) {
                return slice.await(left);
            }
            long s = attempt == 0 ? SECOND_CHANCE_NANOS : link.readActive() ? ACTIVE_SLICE_NANOS : IDLE_SLICE_NANOS;
            if (slice.await(Math.min(left, s))) {
                return true;
            }
        }
    }
}
