package dev.ipckit.shared;

import dev.ipckit.internal.region.Backoff;
import dev.ipckit.internal.region.RegionRef;
import dev.ipckit.spi.Pids;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

/**
 * A mutual-exclusion lock between processes (and the threads in them) — Python's
 * {@code multiprocessing.Lock}, as a {@link Lock}.
 *
 * <pre>{@code
 * ProcessLock lock = ctx.lock();                   // pass it to children in their task
 * lock.lock();
 * try {
 *     if (lock.recovered()) { ... repair what the dead owner left half-done ... }
 *     ...
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <p><b>How it works.</b> One word of shared memory holds the owner (pid and thread); taking a free lock is
 * one compare-and-set. A waiter spins briefly, then parks for growing intervals (at most
 * {@value Backoff#MAX_PARK_NANOS} ns), so a long wait costs almost no CPU and notices a release within
 * about a millisecond.
 *
 * <p><b>A dead owner.</b> If the process holding the lock dies, a waiter notices (within about 10 ms of
 * waiting) and takes the lock over; {@link #recovered()} then says so, like a POSIX robust mutex's
 * {@code EOWNERDEAD}, so the new owner can repair the state the lock protects. Python's lock deadlocks
 * everyone instead. A pid reused by a new process before the takeover would keep the lock held until that
 * process ends; Linux makes this unlikely by cycling through its pid space.
 *
 * <p>Not reentrant: locking it again from the thread that holds it throws {@link IllegalStateException}
 * rather than deadlocking. It lives as long as the process that created it.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class ProcessLock extends Slotted implements Lock {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadLocal<Long> TOKEN =
            ThreadLocal.withInitial(() -> (Pids.self() << 32) | THREADS.incrementAndGet());
    /** Pauses between two looks for a dead owner, once parking (each pause parks up to 1 ms). */
    private static final int OWNER_CHECK_ROUNDS = 10;

    private transient volatile boolean recovered;

    ProcessLock(RegionRef ref) {
        super(ref);
    }

    /** @return a new, unlocked lock, living as long as this process */
    public static ProcessLock create() {
        return new ProcessLock(place(RegionRef.LOCK, 8, 1, 0, null));
    }

    /** Takes the lock, waiting as long as it takes; an interrupt does not stop the wait (it is kept). */
    @Override
    public void lock() {
        boolean interrupted = false;
        while (true) {
            try {
                acquire(Long.MAX_VALUE, true);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes the lock, waiting until it is free or the thread is interrupted.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(Long.MAX_VALUE, true);
    }

    /** @return whether the lock was free (or its owner dead) and is now held by this thread */
    @Override
    public boolean tryLock() {
        long me = TOKEN.get();
        long cur = mapping().getLongVolatile(at(0));
        if (cur == 0 && mapping().compareAndSetLong(at(0), 0, me)) {
            recovered = false;
            return true;
        }
        return cur != 0 && cur != me && takeFromDead(cur, me);
    }

    /**
     * @param time how long to wait
     * @param unit its unit
     * @return whether the lock is now held by this thread
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Backoff.deadline(unit.toNanos(time)), true);
    }

    private boolean acquire(long deadline, boolean interruptible) throws InterruptedException {
        long me = TOKEN.get();
        long at = at(0);
        Backoff backoff = new Backoff();
        int nextOwnerCheck = 0;
        while (true) {
            long cur = mapping().getLongVolatile(at);
            if (cur == 0) {
                if (mapping().compareAndSetLong(at, 0, me)) {
                    recovered = false;
                    return true;
                }
                continue;
            }
            if (cur == me) {
                throw new IllegalStateException("ProcessLock is not reentrant: this thread holds it already");
            }
            if (backoff.parking() && backoff.rounds() >= nextOwnerCheck) {
                nextOwnerCheck = backoff.rounds() + OWNER_CHECK_ROUNDS;
                if (takeFromDead(cur, me)) {
                    return true;
                }
            }
            if (!(interruptible ? backoff.pauseInterruptibly(deadline) : backoff.pause(deadline))) {
                return false;
            }
        }
    }

    private boolean takeFromDead(long owner, long me) {
        long pid = owner >>> 32;
        if (pid == Pids.self() || Pids.isRunning(pid)) {
            return false;
        }
        if (mapping().compareAndSetLong(at(0), owner, me)) {
            recovered = true;
            return true;
        }
        return false;
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if this thread does not hold it
     */
    @Override
    public void unlock() {
        long me = TOKEN.get();
        recovered = false;
        if (!mapping().compareAndSetLong(at(0), me, 0)) {
            throw new IllegalMonitorStateException("ProcessLock is not held by this thread, owner pid=" + ownerPid());
        }
    }

    /**
     * @return whether this thread's current hold was taken over from a process that died holding the lock:
     *     the state the lock protects may be half-updated
     */
    public boolean recovered() {
        return recovered && isHeldByCurrentThread();
    }

    /** @return whether some thread of some process holds it */
    public boolean isLocked() {
        return mapping().getLongVolatile(at(0)) != 0;
    }

    /** @return whether the calling thread holds it */
    public boolean isHeldByCurrentThread() {
        return mapping().getLongVolatile(at(0)) == TOKEN.get();
    }

    /** @return the pid of the process holding it, or 0 if it is free */
    public long ownerPid() {
        return mapping().getLongVolatile(at(0)) >>> 32;
    }

    /** @return a new condition bound to this lock, usable from every process holding both */
    @Override
    public ProcessCondition newCondition() {
        return ProcessCondition.create(this);
    }

    @Override
    public String toString() {
        long owner = ownerPid();
        return "ProcessLock[" + (owner == 0 ? "unlocked" : "held by pid " + owner) + "]";
    }
}
