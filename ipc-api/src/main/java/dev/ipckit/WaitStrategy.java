package dev.ipckit;

import java.io.Serializable;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for something another process will do: spin for a bounded budget, then yield,
 * then park for growing intervals. The one wait of every transport and every blocking call, as Aeron's
 * {@code BackoffIdleStrategy}: a reply that comes within the spin budget costs no thread wake-up, and an
 * idle wait costs almost no CPU.
 *
 * <table>
 *   <caption>Phases of one wait</caption>
 *   <tr><th>phase</th><th>lasts</th><th>property</th><th>default</th></tr>
 *   <tr><td>busy spin ({@link Thread#onSpinWait})</td><td>{@link #spinNanos}</td>
 *       <td>{@value #SPIN_PROP}</td><td>{@value #SPIN_DEFAULT} ns</td></tr>
 *   <tr><td>yield</td><td>{@link #yieldNanos}</td><td>{@value #YIELD_PROP}</td><td>{@value #YIELD_DEFAULT} ns</td></tr>
 *   <tr><td>park, doubling from 1 µs</td><td>until done</td><td>{@value #MAX_PARK_PROP}</td>
 *       <td>{@value #MAX_PARK_DEFAULT} ns at most per park</td></tr>
 * </table>
 *
 * <p>The default spin is short because on a 2-core machine a spinning thread takes the core the peer
 * process needs to answer; a longer one helps only where cores are free. {@link #busySpin()} never parks:
 * the lowest latency, one core per waiting thread.
 *
 * <p>Immutable; a wait's state is in the {@link Idle} that {@link #idle()} makes for one waiting thread.
 *
 * @param spinNanos how long to spin before yielding
 * @param yieldNanos how long to yield before parking
 * @param maxParkNanos the longest single park, which bounds the wake-up delay of a long wait
 */
public record WaitStrategy(long spinNanos, long yieldNanos, long maxParkNanos) implements Serializable {
    /** Property: the busy-spin budget of a wait, in nanoseconds. */
    public static final String SPIN_PROP = "ipckit.wait.spinNanos";
    /** Default spin: 50 µs, a little more than a round trip between two JVMs on this kind of machine. */
    public static final long SPIN_DEFAULT = 50_000;
    /** Property: the yield budget after the spin, in nanoseconds. */
    public static final String YIELD_PROP = "ipckit.wait.yieldNanos";
    /** Default yield: 20 µs. */
    public static final long YIELD_DEFAULT = 20_000;
    /** Property: the longest single park, in nanoseconds. */
    public static final String MAX_PARK_PROP = "ipckit.wait.maxParkNanos";
    /** Default longest park: 1 ms (about a thousand cheap wake-ups a second while a wait lasts). */
    public static final long MAX_PARK_DEFAULT = 1_000_000;
    private static final long MIN_PARK_NANOS = 1_000;
    /**
     * A frame at least this large costs far more to copy than a thread hand-off: links pass it through their
     * own threads, so that copying it overlaps with the caller's work, instead of moving it in the caller's.
     */
    public static final int LARGE_FRAME_BYTES = 64 * 1024;

    private static final WaitStrategy DEFAULTS = new WaitStrategy(
            Long.getLong(SPIN_PROP, SPIN_DEFAULT), Long.getLong(YIELD_PROP, YIELD_DEFAULT),
            Long.getLong(MAX_PARK_PROP, MAX_PARK_DEFAULT));

    /**
     * @throws IllegalArgumentException for a negative budget or a park below 1 µs
     */
    public WaitStrategy {
        if (spinNanos < 0 || yieldNanos < 0 || maxParkNanos < MIN_PARK_NANOS) {
            throw new IllegalArgumentException("bad wait strategy, spinNanos=" + spinNanos + ", yieldNanos="
                    + yieldNanos + ", maxParkNanos=" + maxParkNanos + " (budgets >= 0, park >= 1000 ns)");
        }
    }

    /** @return the strategy the system properties set, else the defaults */
    public static WaitStrategy defaults() {
        return DEFAULTS;
    }

    /** @return a strategy that spins and never parks: lowest latency, a core per waiting thread */
    public static WaitStrategy busySpin() {
        return new WaitStrategy(Long.MAX_VALUE, 0, MIN_PARK_NANOS);
    }

    /**
     * @param nanos the busy-spin budget
     * @return this strategy with that spin budget
     */
    public WaitStrategy withSpinNanos(long nanos) {
        return new WaitStrategy(nanos, yieldNanos, maxParkNanos);
    }

    /** @return how long a wait spins and yields before it parks (saturating at {@link Long#MAX_VALUE}) */
    public long activeNanos() {
        long sum = spinNanos + yieldNanos;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** @return the state of one wait, for one thread */
    public Idle idle() {
        return new Idle(this);
    }

    /**
     * One thread's wait: call {@link #idle()} each time there was nothing to do, {@link #reset()} when
     * there was. <b>Not thread-safe.</b>
     */
    public static final class Idle {
        private final WaitStrategy strategy;
        private long start;
        private long parkNanos = MIN_PARK_NANOS;

        private Idle(WaitStrategy strategy) {
            this.strategy = strategy;
        }

        /** Waits a little: a spin, a yield or a park, depending on how long this wait has lasted. */
        public void idle() {
            long now = System.nanoTime();
            if (start == 0) {
                start = now;
            }
            long spent = now - start;
            if (spent < strategy.spinNanos) {
                Thread.onSpinWait();
            } else if (spent - strategy.spinNanos < strategy.yieldNanos) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, strategy.maxParkNanos);
            }
        }

        /** @return whether this wait is still in its spin or yield phase */
        public boolean spinning() {
            return start == 0 || System.nanoTime() - start < strategy.activeNanos();
        }

        /** Something happened: the next {@link #idle()} starts a new wait. */
        public void reset() {
            start = 0;
            parkNanos = MIN_PARK_NANOS;
        }
    }
}
