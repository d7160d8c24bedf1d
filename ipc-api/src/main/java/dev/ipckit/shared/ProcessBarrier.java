package dev.ipckit.shared;

import dev.ipckit.IpcTimeoutException;
import dev.ipckit.internal.shm.Backoff;
import dev.ipckit.internal.shm.ShmRef;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * A meeting point for a fixed number of parties across processes — Python's
 * {@code multiprocessing.Barrier}, with {@link java.util.concurrent.CyclicBarrier}'s exceptions. Each
 * {@link #await()} blocks until all parties have called it; then all go on and the barrier is ready for
 * the next round.
 *
 * <p>One word of shared memory holds the round and the arrivals of the round, changed only by
 * compare-and-set, so a party that is fast into the next round can never be counted in the last. A party
 * that times out breaks the barrier: it gets {@link IpcTimeoutException}, the others waiting (and later
 * arrivals, until {@link #reset()}) get {@link BrokenBarrierException}.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class ProcessBarrier extends Slotted {
    private static final long serialVersionUID = 1L;
    private static final long STATE = 0; // round << 32 | arrivals
    private static final long BROKEN = 8;
    private static final long RESET_ROUND = 16; // a round that began by reset(), not by a trip
    private static final long ARRIVALS = 0xffff_ffffL;

    private ProcessBarrier(ShmRef ref) {
        super(ref);
    }

    /**
     * @param parties how many must arrive to trip it, at least 1
     * @return a new barrier, living as long as this process
     */
    public static ProcessBarrier create(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least one party, parties=" + parties);
        }
        ProcessBarrier b = new ProcessBarrier(place(ShmRef.BARRIER, 24, 1, parties, null));
        b.mapping().setLongVolatile(b.at(RESET_ROUND), -1);
        return b;
    }

    /** @return how many parties trip it */
    public int parties() {
        return (int) ref.param();
    }

    /**
     * Waits for all parties.
     *
     * @return this party's arrival index in the round, 0 for the first, {@code parties() - 1} for the last
     * @throws BrokenBarrierException if the barrier is or becomes broken
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     */
    public int await() throws BrokenBarrierException, InterruptedException {
        return await(Long.MAX_VALUE);
    }

    /**
     * Waits for all parties, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return this party's arrival index in the round
     * @throws IpcTimeoutException if the time ran out (the barrier breaks)
     * @throws BrokenBarrierException if the barrier is or becomes broken
     * @throws InterruptedException if interrupted while waiting (the barrier breaks)
     */
    public int await(Duration timeout) throws BrokenBarrierException, InterruptedException {
        return await(Backoff.deadline(timeout.toNanos()));
    }

    private int await(long deadline) throws BrokenBarrierException, InterruptedException {
        long at = at(STATE);
        long round;
        int index;
        while (true) {
            if (isBroken()) {
                throw new BrokenBarrierException();
            }
            long w = mapping().getLongVolatile(at);
            round = w >>> 32;
            index = (int) (w & ARRIVALS);
            long next = index + 1 == parties() ? ((round + 1) & ARRIVALS) << 32 : w + 1;
            if (mapping().compareAndSetLong(at, w, next)) {
                break;
            }
        }
        if (index + 1 == parties()) {
            return index; // the last one in trips it
        }
        Backoff backoff = new Backoff();
        while (true) {
            long now = mapping().getLongVolatile(at) >>> 32;
            if (now != round) {
                if (mapping().getLongVolatile(at(RESET_ROUND)) == now) {
                    throw new BrokenBarrierException();
                }
                return index;
            }
            if (isBroken()) {
                throw new BrokenBarrierException();
            }
            boolean more;
            try {
                more = backoff.pauseInterruptibly(deadline);
            } catch (InterruptedException e) {
                abort();
                throw e;
            }
            if (!more) {
                abort();
                throw new IpcTimeoutException("barrier timed out with " + index + " of " + parties()
                        + " parties before this one; it is now broken");
            }
        }
    }

    /** Breaks the barrier: waiting parties and later arrivals get {@link BrokenBarrierException}. */
    public void abort() {
        mapping().setLongVolatile(at(BROKEN), 1);
    }

    /** @return whether it is broken (a party timed out, was interrupted, or it was aborted) */
    public boolean isBroken() {
        return mapping().getLongVolatile(at(BROKEN)) != 0;
    }

    /** Starts a fresh round: parties waiting in the current one get {@link BrokenBarrierException}. */
    public void reset() {
        long at = at(STATE);
        while (true) {
            long w = mapping().getLongVolatile(at);
            long round = ((w >>> 32) + 1) & ARRIVALS;
            mapping().setLongVolatile(at(RESET_ROUND), round);
            if (mapping().compareAndSetLong(at, w, round << 32)) {
                break;
            }
        }
        mapping().setLongVolatile(at(BROKEN), 0);
    }

    /** @return how many parties wait in the current round */
    public int numberWaiting() {
        return (int) (mapping().getLongVolatile(at(STATE)) & ARRIVALS);
    }

    @Override
    public String toString() {
        return "ProcessBarrier[parties=" + parties() + ", waiting=" + numberWaiting() + (isBroken() ? ", broken" : "") + "]";
    }
}
