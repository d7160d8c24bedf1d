package dev.ipckit.shared;

import dev.ipckit.IpcTimeoutException;
import dev.ipckit.internal.region.Backoff;
import dev.ipckit.internal.region.RegionRef;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;

/**
 * A meeting point for a fixed number of parties across processes — Python's
 * {@code multiprocessing.Barrier}, with {@link java.util.concurrent.CyclicBarrier}'s exceptions. Each
 * {@link #await()} blocks until all parties have called it; then all go on and the barrier is ready for
 * the next round.
 *
 * <p>One word of shared memory holds the round, a broken flag and the arrivals of the round, changed only
 * by compare-and-set: a round ends either tripped (the round number moves on, and everyone in it returns
 * normally) or broken (the flag is set on that round, and everyone in it gets
 * {@link BrokenBarrierException}) — never both, and a broken round never leaks into the next. A party that
 * times out or is interrupted breaks its round unless it tripped meanwhile (then it returns normally, as
 * {@code CyclicBarrier} does); later arrivals get {@link BrokenBarrierException} until {@link #reset()}.
 *
 * <p>A party that dies inside {@link #await()} is not noticed: the others wait for it until they time out,
 * as in Python. Use the timed form between processes.
 *
 * <p><b>Thread- and process-safe.</b>
 */
public final class ProcessBarrier extends Slotted {
    private static final long serialVersionUID = 1L;
    private static final long BROKEN = 1L << 31;
    private static final long ARRIVALS = BROKEN - 1;
    /** How long {@link #reset()} waits for the parties of a broken round to leave before starting afresh. */
    private static final Duration RESET_WAIT = Duration.ofSeconds(1);

    ProcessBarrier(RegionRef ref) {
        super(ref);
    }

    /**
     * @param parties how many must arrive to trip it, 1 to 2^31 - 1
     * @return a new barrier, living as long as this process
     */
    public static ProcessBarrier create(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least one party, parties=" + parties);
        }
        return new ProcessBarrier(place(RegionRef.BARRIER, 8, 1, parties, null));
    }

    /** @return how many parties trip it */
    public int parties() {
        return (int) ref.param();
    }

    private long word() {
        return mapping().getLongVolatile(at(0));
    }

    private boolean cas(long expected, long value) {
        return mapping().compareAndSetLong(at(0), expected, value);
    }

    private static long round(long w) {
        return w >>> 32;
    }

    private static long fresh(long round) {
        return ((round + 1) & 0xffff_ffffL) << 32;
    }

    /**
     * Waits for all parties.
     *
     * @return this party's arrival index in the round, 0 for the first, {@code parties() - 1} for the last
     * @throws BrokenBarrierException if the round is or becomes broken
     * @throws InterruptedException if interrupted while waiting (the round breaks)
     */
    public int await() throws BrokenBarrierException, InterruptedException {
        return await(Long.MAX_VALUE);
    }

    /**
     * Waits for all parties, at most {@code timeout}.
     *
     * @param timeout the longest wait; zero or negative: do not wait
     * @return this party's arrival index in the round
     * @throws IpcTimeoutException if the time ran out first (the round breaks)
     * @throws BrokenBarrierException if the round is or becomes broken
     * @throws InterruptedException if interrupted while waiting (the round breaks)
     */
    public int await(Duration timeout) throws BrokenBarrierException, InterruptedException {
        return await(Backoff.deadline(timeout));
    }

    private int await(long deadline) throws BrokenBarrierException, InterruptedException {
        long round;
        int index;
        while (true) {
            long w = word();
            if ((w & BROKEN) != 0) {
                throw new BrokenBarrierException();
            }
            round = round(w);
            index = (int) (w & ARRIVALS);
            if (index + 1 >= parties()) {
                if (cas(w, fresh(round))) {
                    return index; // the last one in trips it
                }
            } else if (cas(w, w + 1)) {
                break;
            }
        }
        Backoff backoff = new Backoff();
        while (true) {
            long w = word();
            if (round(w) != round) {
                return index; // tripped
            }
            if ((w & BROKEN) != 0) {
                leave(round);
                throw new BrokenBarrierException();
            }
            boolean more;
            try {
                more = backoff.pauseInterruptibly(deadline);
            } catch (InterruptedException e) {
                if (breakRound(round)) {
                    leave(round);
                    throw e;
                }
                Thread.currentThread().interrupt(); // tripped meanwhile: return normally, interrupt kept
                return index;
            }
            if (!more) {
                if (breakRound(round)) {
                    leave(round);
                    throw new IpcTimeoutException("barrier timed out waiting for " + parties() + " parties; it is"
                            + " now broken");
                }
                return index;
            }
        }
    }

    /** @return true if {@code round} is now broken, false if it tripped first */
    private boolean breakRound(long round) {
        while (true) {
            long w = word();
            if (round(w) != round) {
                return false;
            }
            if ((w & BROKEN) != 0 || cas(w, w | BROKEN)) {
                return true;
            }
        }
    }

    /** A party of a broken round leaves it, so that {@link #reset()} knows when the round is empty. */
    private void leave(long round) {
        while (true) {
            long w = word();
            if (round(w) != round || (w & ARRIVALS) == 0 || cas(w, w - 1)) {
                return;
            }
        }
    }

    /** Breaks the current round: its waiting parties and later arrivals get {@link BrokenBarrierException}. */
    public void abort() {
        breakRound(round(word()));
    }

    /** @return whether the current round is broken (a party timed out, was interrupted, or it was aborted) */
    public boolean isBroken() {
        return (word() & BROKEN) != 0;
    }

    /**
     * Starts a fresh round: parties waiting in the current one get {@link BrokenBarrierException} first (this
     * waits up to a second for them to leave; a party that died inside {@code await} is not waited for).
     */
    public void reset() {
        long round = round(word());
        breakRound(round);
        long deadline = Backoff.deadline(RESET_WAIT);
        Backoff backoff = new Backoff();
        while (true) {
            long w = word();
            if (round(w) != round) {
                return; // someone else reset it
            }
            if ((w & ARRIVALS) == 0 || !backoff.pause(deadline)) {
                if (cas(w, fresh(round))) {
                    backoff.restoreInterrupt();
                    return;
                }
            }
        }
    }

    /** @return how many parties are in the current round (waiting, or leaving a broken one) */
    public int numberWaiting() {
        return (int) (word() & ARRIVALS);
    }

    @Override
    public String toString() {
        return "ProcessBarrier[parties=" + parties() + ", waiting=" + numberWaiting() + (isBroken() ? ", broken" : "")
                + "]";
    }
}
