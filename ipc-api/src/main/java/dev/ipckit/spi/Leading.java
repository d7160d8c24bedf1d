package dev.ipckit.spi;

import java.util.function.BooleanSupplier;

/**
 * How a thread waits for something a link brings: it {@link Link#readInline leads} the link's read side
 * if it can, so that what it waits for arrives in its own thread with no hand-off. If another thread reads
 * the link (its reader thread, blocked in a read) or nothing came within the spin budget, it waits its own
 * way (on a queue, a future) for one short slice, {@value #SECOND_CHANCE_NANOS} ns, and tries to lead once
 * more: a reader thread steps aside at the next frame when a waiter wants the lead, so a conversation
 * moves into the waiting threads after at most one hand-off. After that it waits its own way until done:
 * an idle wait costs no CPU.
 */
public final class Leading {
    /** The slice of waiting before a thread tries to lead a second time. */
    static final long SECOND_CHANCE_NANOS = 50_000;

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
        for (int attempt = 0; link != null && attempt < 2; attempt++) {
            if (satisfied.getAsBoolean() || link.readInline(satisfied, deadlineNanos) && satisfied.getAsBoolean()) {
                return true;
            }
            long left = left(deadlineNanos);
            if (left <= 0) {
                return satisfied.getAsBoolean();
            }
            if (attempt == 0 && slice.await(Math.min(left, SECOND_CHANCE_NANOS))) {
                return true;
            }
        }
        if (satisfied.getAsBoolean()) {
            return true;
        }
        long left = left(deadlineNanos);
        return left > 0 ? slice.await(left) : satisfied.getAsBoolean();
    }

    private static long left(long deadlineNanos) {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }
}
