package dev.ipckit.internal.region;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How a process waits for a word of shared memory to change when no one can wake it (the JDK has no
 * futex): spin briefly, then yield, then park for growing intervals up to {@link #MAX_PARK_NANOS}. A short
 * wait costs microseconds; a long one costs a wake-up every millisecond (a few hundredths of a percent of a
 * core), and is noticed at most that late.
 *
 * <p>One instance per wait, confined to its thread.
 */
public final class Backoff {
    /** The longest park between two looks at the word. */
    public static final long MAX_PARK_NANOS = 1_000_000;
    private static final int SPINS = 200;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NANOS = 20_000;

    private int rounds;
    private boolean swallowed;
    private long park = MIN_PARK_NANOS;

    /**
     * Waits a little, ignoring interrupts: an interrupt is cleared (so parking still parks) and remembered
     * for {@link #restoreInterrupt()}.
     *
     * @param deadline a {@link System#nanoTime()} after which not to wait, or {@link Long#MAX_VALUE}
     * @return false if the deadline has passed, true after a pause
     */
    public boolean pause(long deadline) {
        long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        if (Thread.interrupted()) {
            swallowed = true;
        }
        int r = rounds++;
        if (r < SPINS) {
            Thread.onSpinWait();
        } else if (r < SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(park, left));
            park = Math.min(park * 2, MAX_PARK_NANOS);
        }
        return true;
    }

    /**
     * Waits a little, or throws if the thread is interrupted.
     *
     * @param deadline a {@link System#nanoTime()} after which not to wait, or {@link Long#MAX_VALUE}
     * @return false if the deadline has passed, true after a pause
     * @throws InterruptedException if the thread was interrupted (its status is cleared)
     */
    public boolean pauseInterruptibly(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return pause(deadline);
    }

    /** Sets the thread's interrupt status again if {@link #pause(long)} cleared it. */
    public void restoreInterrupt() {
        if (swallowed) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return whether this wait has reached its parking phase (long enough to look for a dead owner) */
    public boolean parking() {
        return rounds >= SPINS + YIELDS;
    }

    /** @return how many pauses so far */
    public int rounds() {
        return rounds;
    }

    /**
     * @param timeoutNanos a timeout; zero or negative means do not wait (as Python treats a negative timeout)
     * @return the {@link System#nanoTime()} deadline for it; {@link Long#MAX_VALUE} (wait for ever) only for a
     *     timeout of more than a century
     */
    public static long deadline(long timeoutNanos) {
        if (timeoutNanos > 1L << 62) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + Math.max(0, timeoutNanos);
    }

    /**
     * @param timeout a timeout; zero or negative means do not wait
     * @return the {@link System#nanoTime()} deadline for it, saturating for a very long one
     */
    public static long deadline(Duration timeout) {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = timeout.isNegative() ? 0 : Long.MAX_VALUE;
        }
        return deadline(nanos);
    }
}
