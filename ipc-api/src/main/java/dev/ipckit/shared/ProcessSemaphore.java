package dev.ipckit.shared;

import dev.ipckit.internal.region.Backoff;
import dev.ipckit.internal.region.RegionRef;
import java.time.Duration;

/**
 * A counting semaphore between processes — Python's {@code multiprocessing.Semaphore}. One word of shared
 * memory holds the permits; taking one is a compare-and-set, waiting spins briefly then parks for growing
 * intervals (at most 1 ms).
 *
 * <p>Permits are not owned: a process that dies holding some does not give them back (as in Python). For
 * exclusive access that survives a crash, use {@link ProcessLock}.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class ProcessSemaphore extends Slotted {
    private static final long serialVersionUID = 1L;

    ProcessSemaphore(RegionRef ref) {
        super(ref);
    }

    /**
     * @param permits how many permits it starts with, zero or more
     * @return a new semaphore, living as long as this process
     */
    public static ProcessSemaphore create(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("a semaphore starts with zero or more permits, permits=" + permits);
        }
        ProcessSemaphore s = new ProcessSemaphore(place(RegionRef.SEMAPHORE, 8, 1, 0, null));
        s.mapping().setLongVolatile(s.at(0), permits);
        return s;
    }

    /**
     * Takes a permit, waiting for one.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        acquire(Long.MAX_VALUE);
    }

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether a permit was taken
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return acquire(Backoff.deadline(timeout));
    }

    /** @return whether a permit was free and is now taken */
    public boolean tryAcquire() {
        long at = at(0);
        long v;
        while ((v = mapping().getLongVolatile(at)) > 0) {
            if (mapping().compareAndSetLong(at, v, v - 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean acquire(long deadline) throws InterruptedException {
        Backoff backoff = new Backoff();
        while (!tryAcquire()) {
            if (!backoff.pauseInterruptibly(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Gives back one permit. */
    public void release() {
        release(1);
    }

    /**
     * Gives back permits.
     *
     * @param n how many, positive
     */
    public void release(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("release a positive number of permits, n=" + n);
        }
        mapping().getAndAddLong(at(0), n);
    }

    /** @return the permits free now */
    public long availablePermits() {
        return mapping().getLongVolatile(at(0));
    }

    @Override
    public String toString() {
        return "ProcessSemaphore[permits=" + availablePermits() + "]";
    }
}
