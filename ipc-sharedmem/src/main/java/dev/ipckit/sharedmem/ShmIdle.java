package dev.ipckit.sharedmem;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits when there is nothing to read (or no room to write). Chosen with
 * {@value ShmConfig#IDLE_PROP}:
 *
 * <table>
 *   <caption>Idle strategies</caption>
 *   <tr><th>name</th><th>latency</th><th>CPU while idle</th></tr>
 *   <tr><td>{@code busy}</td><td>lowest (sub-microsecond)</td><td>one core per reader</td></tr>
 *   <tr><td>{@code yield}</td><td>low, if cores are free</td><td>one core per reader, shared</td></tr>
 *   <tr><td>{@code backoff} (default)</td><td>low while busy; up to the longest park after idling</td><td>~0</td></tr>
 * </table>
 *
 * <p><b>Not thread-safe:</b> one instance per waiting thread.
 */
abstract class ShmIdle {
    /** Spins of {@code backoff} before it yields. */
    static final int SPINS = 2000;
    /** Yields of {@code backoff} before it parks. */
    static final int YIELDS = 200;
    /** First park of {@code backoff}, doubled each time up to the maximum. */
    static final long MIN_PARK_NANOS = 1000;

    /** Waits a little; the wait may grow with each call since the last {@link #reset()}. */
    abstract void idle();

    /** Work was done: the next wait is short again. */
    abstract void reset();

    /**
     * @param name {@code busy}, {@code yield} or {@code backoff}
     * @param maxParkNanos longest park of {@code backoff}
     * @return a fresh strategy
     * @throws IllegalArgumentException for another name
     */
    static ShmIdle of(String name, long maxParkNanos) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "busy" -> new Busy();
            case "yield" -> new Yield();
            case "backoff" -> new Backoff(maxParkNanos);
            default -> throw new IllegalArgumentException("unknown idle strategy, " + ShmConfig.IDLE_PROP + "="
                    + name + ", expected busy, yield or backoff");
        };
    }

    /** @return the strategy named by {@value ShmConfig#IDLE_PROP} */
    static ShmIdle configured() {
        return of(System.getProperty(ShmConfig.IDLE_PROP, ShmConfig.IDLE_DEFAULT), ShmConfig.maxParkNanos());
    }

    private static final class Busy extends ShmIdle {
        @Override
        void idle() {
            Thread.onSpinWait();
        }

        @Override
        void reset() {
        }
    }

    private static final class Yield extends ShmIdle {
        @Override
        void idle() {
            Thread.yield();
        }

        @Override
        void reset() {
        }
    }

    /** Spin, then yield, then park with a doubling period: an idle link costs almost nothing. */
    private static final class Backoff extends ShmIdle {
        private final long maxParkNanos;
        private int calls;
        private long parkNanos = MIN_PARK_NANOS;

        Backoff(long maxParkNanos) {
            this.maxParkNanos = Math.max(MIN_PARK_NANOS, maxParkNanos);
        }

        @Override
        void idle() {
            if (calls < SPINS) {
                calls++;
                Thread.onSpinWait();
            } else if (calls < SPINS + YIELDS) {
                calls++;
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos << 1, maxParkNanos);
            }
        }

        @Override
        void reset() {
            calls = 0;
            parkNanos = MIN_PARK_NANOS;
        }
    }
}
