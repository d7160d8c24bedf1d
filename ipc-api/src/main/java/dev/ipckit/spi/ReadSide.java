package dev.ipckit.spi;

import dev.ipckit.WaitStrategy;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The reading half of a link, shared by a background reader thread and the threads that wait for what the
 * link brings (leader/follower, as Aeron's {@code Subscription.poll} runs in the caller's thread). A thread
 * blocked in {@code recv}, {@code take} or a remote call {@link #lead leads}: it reads the link itself and
 * hands each frame to the handler in its own thread, until what it waits for has come — no thread hand-off
 * and no wake-up on the way. The reader thread reads only while nobody leads, and steps back when a waiter
 * wants the lead, so a conversation runs in the threads that have it and an idle link costs a blocked read
 * (streams) or a parked poll (shared memory).
 *
 * <p>Frames are handed to the handler one at a time and in order, under one lock, whichever thread reads.
 * The end of the link (a clean end of stream, or a failure) is reported exactly once, by whichever thread
 * sees it, through {@code onEnd}.
 *
 * <p><b>Thread-safe.</b>
 */
public final class ReadSide {
    /** What a {@link Source} returns at the end of its stream; compared by identity. */
    public static final Frame END = Frame.of(FrameKind.EOF, Integer.MIN_VALUE);
    /** The reader thread's longest park while a leader reads, so it notices a leader that left. */
    private static final long HOLD_BACK_PARK_NANOS = 1_000_000;
    /**
     * How long the reader thread stays aside after a waiter wanted the lead: a little more than the slice
     * a waiter waits on an active link before it tries again ({@link Leading}).
     */
    static final long WANTED_HOLD_NANOS = 300_000;
    /** A link that read a frame this recently is active. */
    static final long ACTIVE_NANOS = 10_000_000;

    /** Where frames come from. Called only by the thread that holds the read side. */
    public interface Source {
        /**
         * @return the next frame if it has begun to arrive (the rest of it may still be awaited), null if
         *     nothing has, or {@link #END}
         * @throws IOException if reading fails
         */
        Frame poll() throws IOException;

        /**
         * Waits for the next frame. A stream blocks in a read; a source that cannot block waits in its own
         * way and returns null when {@code giveUp} turns true.
         *
         * @param giveUp true when a waiting thread wants to lead
         * @return the frame, {@link #END}, or null when it gave up
         * @throws IOException if reading fails
         */
        Frame await(BooleanSupplier giveUp) throws IOException;
    }

    private final Source source;
    private final FrameHandler handler;
    private final WaitStrategy wait;
    private final Consumer<Throwable> onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    /** When a waiter last found the read side taken and wanted it (0: none since the last lead). */
    private volatile long leaderWantedAt;
    private volatile long leaderLeftAt;
    private volatile long lastFrameAt;
    /**
     * Whether the last frame read was large: then the link carries a stream of bulk data, and the reader
     * thread reads it all, so that reading overlaps with the callers' decoding; nobody leads.
     */
    private volatile boolean bulk;
    private volatile boolean ended;
    private volatile Thread reader;

    /**
     * @param source where frames come from
     * @param handler gets every frame
     * @param wait how long a leader spins for a frame before it hands the reading back
     * @param onEnd called once with null at a clean end, else the failure; the link closes itself there
     */
    public ReadSide(Source source, FrameHandler handler, WaitStrategy wait, Consumer<Throwable> onEnd) {
        this.source = source;
        this.handler = handler;
        this.wait = wait;
        this.onEnd = onEnd;
    }

    /** @return whether the calling thread reads the link now (it is in {@link #lead} or the handler) */
    public boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** @return whether a frame was read within the last {@value #ACTIVE_NANOS} ns */
    public boolean active() {
        long at = lastFrameAt;
        return at != 0 && System.nanoTime() - at < ACTIVE_NANOS;
    }

    /**
     * Reads the link in the calling thread, if no other thread is reading it, until {@code satisfied} is
     * true, the deadline passes, the spin budget passes without a frame, or the link ends.
     *
     * @param satisfied what the caller waits for; checked before each read
     * @param deadlineNanos a {@link System#nanoTime()} after which to stop, or {@link Long#MAX_VALUE}
     * @return false if another thread holds the read side (the caller waits its own way), else true
     */
    public boolean lead(BooleanSupplier satisfied, long deadlineNanos) {
        if (ended || bulk) {
            return false;
        }
        if (!lock.tryLock()) {
            leaderWantedAt = Math.max(1, System.nanoTime());
            return false;
        }
        boolean done = false;
        try {
            leaderWantedAt = 0;
            WaitStrategy.Idle idle = wait.idle();
            while (!(done = satisfied.getAsBoolean()) && !ended) {
                Frame f = source.poll();
                if (f == null) {
                    if (!idle.spinning() || System.nanoTime() - deadlineNanos >= 0) {
                        break;
                    }
                    idle.idle();
                } else if (f == END) {
                    end(null);
                } else {
                    idle.reset();
                    bulk = f.payload().length >= WaitStrategy.LARGE_FRAME_BYTES;
                    lastFrameAt = System.nanoTime();
                    handler.onFrame(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            end(e);
        } catch (Error e) {
            end(e);
            throw e;
        } finally {
            // after a large frame, reading the next one in the background overlaps with the caller's work
            leaderLeftAt = done && !bulk ? Math.max(1, System.nanoTime()) : 0;
            lock.unlock();
            if (leaderLeftAt == 0) {
                LockSupport.unpark(reader); // hand the reading back at once
            }
        }
        return true;
    }

    /** The body of the link's reader thread: reads while nobody leads, until the end. */
    public void run() {
        reader = Thread.currentThread();
        BooleanSupplier giveUp = () -> leaderWantedAt != 0 || ended;
        while (!ended) {
            holdBack();
            if (ended || !lock.tryLock()) {
                continue;
            }
            try {
                Frame f = source.await(giveUp);
                while (f != null && !ended) {
                    if (f == END) {
                        end(null);
                        break;
                    }
                    bulk = f.payload().length >= WaitStrategy.LARGE_FRAME_BYTES;
                    lastFrameAt = System.nanoTime();
                    handler.onFrame(f);
                    f = leaderWantedAt != 0 && !bulk ? null : source.poll();
                }
            } catch (IOException | RuntimeException e) {
                end(e);
            } catch (Error e) {
                end(e);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Parks while a leader reads, or while a leader is likely to come: one left satisfied by a frame below
     * {@link WaitStrategy#LARGE_FRAME_BYTES} within the last spin-and-yield window, or one wanted the read
     * side within the last {@value #WANTED_HOLD_NANOS} ns (it tries again within that). A leader reads at most that window without a
     * frame before it hands back, so a frame nobody waits for is read within about one window.
     */
    private void holdBack() {
        long window = Math.max(1, Math.min(HOLD_BACK_PARK_NANOS, wait.activeNanos()));
        while (!ended) {
            if (bulk) {
                return;
            }
            if (lock.isLocked()) {
                LockSupport.parkNanos(this, window);
                continue;
            }
            long now = System.nanoTime();
            long left = leaderLeftAt;
            long wanted = leaderWantedAt;
            long hold = 0;
            if (left != 0 && now - left < window) {
                hold = window - (now - left);
            }
            if (wanted != 0 && now - wanted < WANTED_HOLD_NANOS) {
                hold = Math.max(hold, WANTED_HOLD_NANOS - (now - wanted));
            }
            if (hold > 0) {
                LockSupport.parkNanos(this, hold);
            } else {
                leaderWantedAt = 0;
                return;
            }
        }
    }

    private void end(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        LockSupport.unpark(reader);
        onEnd.accept(cause);
    }
}
