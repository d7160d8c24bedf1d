package dev.ipckit.internal.metrics;

import dev.ipckit.metrics.QueueStats;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.ToIntFunction;

/**
 * One owned queue's counts, written under the queue's own lock (plain increments of volatile fields: one
 * writer at a time) and read by anyone. Ends (its counts join the totals) when its queue is closed and
 * drained, or when the queue is collected unclosed (then at the next meter opened or snapshot taken).
 */
public final class QueueMeter {
    private final String name;
    private final Ref queue;
    private final ToIntFunction<Object> depth;
    private volatile long puts;
    private volatile long gets;
    private volatile long fullWaits;

    private QueueMeter(String name, Object queue, ToIntFunction<Object> depth) {
        this.name = name;
        this.queue = new Ref(queue, this);
        this.depth = depth;
    }

    /**
     * @param name {@code queue-N}
     * @param queue the queue, held weakly
     * @param depth its item count now, or -1 once it is closed
     * @param <Q> the queue type
     * @return a new meter, open in this JVM's {@link Meters}
     */
    @SuppressWarnings("unchecked")
    public static <Q> QueueMeter open(String name, Q queue, ToIntFunction<? super Q> depth) {
        QueueMeter m = new QueueMeter(name, queue, q -> ((ToIntFunction<Object>) depth).applyAsInt(q));
        if (Meters.ON) {
            Meters.get().open(m);
        }
        return m;
    }

    /** @param items put, by the caller holding the queue's lock */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    public void put(int items) {
        if (Meters.ON) {
            puts += items;
        }
    }

    /** @param items taken, by the caller holding the queue's lock */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    public void got(int items) {
        if (Meters.ON) {
            gets += items;
        }
    }

    /** A put found the queue full and waits; by the caller holding the queue's lock. */
    @SuppressWarnings("NonAtomicVolatileUpdate")
    public void fullWait() {
        if (Meters.ON) {
            fullWaits++;
        }
    }

    /** What the queue is held by: enqueued on {@link Meters}' reference queue once it is collected. */
    static final class Ref extends WeakReference<Object> {
        static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
        final QueueMeter meter;

        Ref(Object queue, QueueMeter meter) {
            super(queue, COLLECTED);
            this.meter = meter;
        }
    }

    /** The queue is closed and drained: its counts join the totals. Idempotent. */
    public void ended() {
        Meters.get().ended(this);
    }

    /** @return the queue's depth now, or -1 if it is closed or gone */
    int depth() {
        Object q = queue.get();
        return q == null ? -1 : depth.applyAsInt(q);
    }

    QueueStats stats(int depthNow) {
        return new QueueStats(name, depthNow, puts, gets, fullWaits);
    }
}
