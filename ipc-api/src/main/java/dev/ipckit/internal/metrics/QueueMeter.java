package dev.ipckit.internal.metrics;

import dev.ipckit.metrics.QueueStats;

import java.lang.ref.WeakReference;
import java.util.function.ToIntFunction;

/**
 * One owned queue's counts, written under the queue's own lock (plain increments of volatile fields: one
 * writer at a time) and read by anyone. Holds its queue weakly: a collected or closed queue's counts are
 * folded into the totals at the next snapshot.
 */
public final class QueueMeter {
    private final String name;
    private final WeakReference<Object> queue;
    private final ToIntFunction<Object> depth;
    private volatile long puts;
    private volatile long gets;
    private volatile long fullWaits;

    private QueueMeter(String name, Object queue, ToIntFunction<Object> depth) {
        this.name = name;
        this.queue = new WeakReference<>(queue);
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

    /** @return the queue's depth now, or -1 if it is closed or gone */
    int depth() {
        Object q = queue.get();
        return q == null ? -1 : depth.applyAsInt(q);
    }

    QueueStats stats(int depthNow) {
        return new QueueStats(name, depthNow, puts, gets, fullWaits);
    }
}
