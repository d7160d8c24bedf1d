package dev.ipckit.shared;

import dev.ipckit.internal.region.Backoff;
import dev.ipckit.internal.region.RegionRef;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/**
 * A condition variable between processes, bound to a {@link ProcessLock} — Python's
 * {@code multiprocessing.Condition}, as a {@link Condition}. Wait while holding the lock; the wait
 * releases it and takes it again before returning.
 *
 * <pre>{@code
 * lock.lock();
 * try {
 *     while (!ready.get()) cond.await();      // or cond.awaitFor(() -> ready.get(), timeout)
 * } finally {
 *     lock.unlock();
 * }
 * }</pre>
 *
 * <p>One word of shared memory counts waiters and pending signals together, so a signal is never lost
 * and never given twice: a waiter that times out or is interrupted just as a signal is given takes it and
 * returns as signalled (with its interrupt status set). As with every {@link Condition}, wait in a loop on
 * the state. A waiter killed inside a wait stays counted, so a later {@code signalAll} leaves one signal
 * pending for it — the next waiter then wakes once without cause.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class ProcessCondition extends Slotted implements Condition {
    private static final long serialVersionUID = 1L;
    private static final long WAITER = 1L << 32;
    private static final long SIGNALS = 0xffff_ffffL;

    private final ProcessLock lock;

    ProcessCondition(RegionRef ref, ProcessLock lock) {
        super(ref);
        this.lock = lock;
    }

    static ProcessCondition create(ProcessLock lock) {
        return new ProcessCondition(place(RegionRef.CONDITION, 8, 1, 0, lock.ref), lock);
    }

    /** @return the lock it is bound to */
    public ProcessLock lock() {
        return lock;
    }

    /**
     * Waits for a signal.
     *
     * @throws InterruptedException if interrupted (the lock is held again when this is thrown)
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    @Override
    public void await() throws InterruptedException {
        awaitUntilDeadline(Long.MAX_VALUE, true);
    }

    /** Waits for a signal; an interrupt does not stop the wait (the interrupt status is kept). */
    @Override
    public void awaitUninterruptibly() {
        boolean interrupted = Thread.interrupted();
        try {
            awaitUntilDeadline(Long.MAX_VALUE, false);
        } catch (InterruptedException cannotHappen) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param nanosTimeout the longest wait
     * @return an estimate of the nanoseconds left, zero or less if the time ran out
     * @throws InterruptedException if interrupted (the lock is held again when this is thrown)
     */
    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Backoff.deadline(Math.max(0, nanosTimeout));
        awaitUntilDeadline(deadline, true);
        return deadline - System.nanoTime();
    }

    /**
     * @param time the longest wait
     * @param unit its unit
     * @return false if the time ran out before a signal
     * @throws InterruptedException if interrupted (the lock is held again when this is thrown)
     */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitUntilDeadline(Backoff.deadline(Math.max(0, unit.toNanos(time))), true);
    }

    /**
     * Python's {@code wait(timeout)}.
     *
     * @param timeout the longest wait
     * @return false if the time ran out before a signal
     * @throws InterruptedException if interrupted (the lock is held again when this is thrown)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * @param deadline the wall-clock time to give up at
     * @return false if it passed before a signal
     * @throws InterruptedException if interrupted (the lock is held again when this is thrown)
     */
    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return await(deadline.getTime() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Python's {@code wait_for}: waits until the predicate holds, checking it under the lock after each wake.
     *
     * @param predicate the state to wait for
     * @param timeout the longest wait in all
     * @return the predicate's last value
     * @throws InterruptedException if interrupted (the lock is held again when this is thrown)
     */
    public boolean awaitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long deadline = Backoff.deadline(timeout);
        boolean ok = predicate.getAsBoolean();
        while (!ok) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            awaitUntilDeadline(deadline, true);
            ok = predicate.getAsBoolean();
        }
        return ok;
    }

    private boolean awaitUntilDeadline(long deadline, boolean interruptible) throws InterruptedException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("await needs the condition's lock held by this thread");
        }
        long at = at(0);
        mapping().getAndAddLong(at, WAITER);
        lock.unlock();
        boolean signalled = false;
        boolean interrupted = false;
        try {
            Backoff backoff = new Backoff();
            while (true) {
                long w = mapping().getLongVolatile(at);
                if ((w & SIGNALS) > 0) {
                    if (mapping().compareAndSetLong(at, w, w - WAITER - 1)) {
                        signalled = true;
                        break;
                    }
                    continue;
                }
                boolean more;
                if (interruptible) {
                    try {
                        more = backoff.pauseInterruptibly(deadline);
                    } catch (InterruptedException e) {
                        interrupted = true;
                        more = false;
                    }
                } else {
                    more = backoff.pause(deadline);
                }
                if (!more) {
                    signalled = leave(at);
                    break;
                }
            }
            if (!interruptible) {
                backoff.restoreInterrupt();
            }
        } finally {
            lock.lock();
        }
        if (interrupted) {
            if (signalled) { // it took a signal as it gave up: keep the signal, report the interrupt by status
                Thread.currentThread().interrupt();
                return true;
            }
            throw new InterruptedException();
        }
        return signalled;
    }

    /** Stops waiting: takes a pending signal if there is one (it may be this waiter's), else just leaves. */
    private boolean leave(long at) {
        while (true) {
            long w = mapping().getLongVolatile(at);
            boolean take = (w & SIGNALS) > 0;
            if (mapping().compareAndSetLong(at, w, take ? w - WAITER - 1 : w - WAITER)) {
                return take;
            }
        }
    }

    /**
     * Wakes one waiter, if any. Python's {@code notify()}.
     *
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    @Override
    public void signal() {
        signal(1);
    }

    /**
     * Wakes every waiter. Python's {@code notify_all()}.
     *
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * Wakes up to {@code n} waiters. Python's {@code notify(n)}.
     *
     * @param n how many at most
     * @throws IllegalMonitorStateException if this thread does not hold the lock
     */
    public void signal(int n) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("signal needs the condition's lock held by this thread");
        }
        long at = at(0);
        while (true) {
            long w = mapping().getLongVolatile(at);
            long waiters = w >>> 32;
            long pending = w & SIGNALS;
            long k = Math.min(n, waiters - pending);
            if (k <= 0 || mapping().compareAndSetLong(at, w, w + k)) {
                return;
            }
        }
    }

    /** @return how many are waiting and not yet signalled */
    public int waiting() {
        long w = mapping().getLongVolatile(at(0));
        return (int) Math.max(0, (w >>> 32) - (w & SIGNALS));
    }

    @Override
    public String toString() {
        return "ProcessCondition[waiting=" + waiting() + "]";
    }
}
