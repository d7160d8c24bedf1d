package dev.ipckit.internal.metrics;

import dev.ipckit.metrics.LatencyStats;
import dev.ipckit.metrics.PoolStats;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * One pool's counts. Task times go to an HdrHistogram {@link Recorder} (wait-free for the recording thread)
 * and are moved into a cumulative histogram when read.
 */
public final class PoolMeter {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final AtomicInteger THREAD_POOLS = new AtomicInteger();

    private final String name;
    private final LongAdder inFlight = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder died = new LongAdder();
    private final LongAdder replaced = new LongAdder();
    private final Recorder recorder = new Recorder(3);
    /** Guarded by this. */
    private final Histogram taskTime = new Histogram(3);
    /** Guarded by this: for a meter that sums others, the workers it was given. */
    private long workersAbsorbed;
    private volatile IntSupplier workers = () -> 0;
    private Histogram recycle;

    PoolMeter(String name, boolean open) {
        this.name = name;
        if (open) {
            Meters.get().open(this);
        }
    }

    /**
     * @param processes whether its workers are processes ({@code pool-N}) or threads ({@code threadpool-N})
     * @param workers how many workers are alive now
     * @return a new meter, open in this JVM's {@link Meters} until {@link #ended()}
     */
    public static PoolMeter open(boolean processes, IntSupplier workers) {
        PoolMeter m = new PoolMeter(processes ? "pool-" + POOLS.incrementAndGet()
                : "threadpool-" + THREAD_POOLS.incrementAndGet(), true);
        m.workers = workers;
        return m;
    }

    /** @param tasks tasks submitted (the items of a chunk) */
    public void submitted(int tasks) {
        if (Meters.ON) {
            inFlight.add(tasks);
        }
    }

    /**
     * @param tasks the tasks of a chunk now settled
     * @param ok whether they returned results
     * @param startedNanos when a worker started them ({@link System#nanoTime()}), or 0 if none did
     */
    public void settled(int tasks, boolean ok, long startedNanos) {
        if (!Meters.ON) {
            return;
        }
        inFlight.add(-tasks);
        (ok ? completed : failed).add(tasks);
        if (startedNanos != 0 && tasks > 0) {
            // a chunk's time shared among its tasks: the count matches the tasks settled
            recorder.recordValueWithCount(Math.max(0, System.nanoTime() - startedNanos) / tasks, tasks);
        }
    }

    /** @param replacement whether it replaces a worker that ended */
    public void workerStarted(boolean replacement) {
        if (Meters.ON) {
            started.increment();
            if (replacement) {
                replaced.increment();
            }
        }
    }

    /** A worker ended while the pool ran, without being retired. */
    public void workerDied() {
        if (Meters.ON) {
            died.increment();
        }
    }

    /** The pool has terminated: its counts join the totals. */
    public void ended() {
        Meters.get().ended(this);
    }

    /** @return the counts now */
    public synchronized PoolStats stats() {
        drain();
        return new PoolStats(name, (int) (workers.getAsInt() + workersAbsorbed), inFlight.sum(), completed.sum(),
                failed.sum(), started.sum(), died.sum(), replaced.sum(), latency(taskTime));
    }

    /**
     * Adds another meter's counts to this one's.
     *
     * @param other a pool's meter
     * @param live whether the other is open (its workers and tasks in flight count) or ended (they do not)
     * @return the other's counts, as added
     */
    synchronized PoolStats absorb(PoolMeter other, boolean live) {
        PoolStats s = other.stats();
        if (live) {
            workersAbsorbed += s.workers();
            inFlight.add(s.inFlight());
        }
        completed.add(s.completed());
        failed.add(s.failed());
        started.add(s.workersStarted());
        died.add(s.workersDied());
        replaced.add(s.workersReplaced());
        synchronized (other) {
            taskTime.add(other.taskTime);
        }
        return s;
    }

    private void drain() {
        recycle = recorder.getIntervalHistogram(recycle);
        taskTime.add(recycle);
    }

    private static LatencyStats latency(Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return LatencyStats.NONE;
        }
        return new LatencyStats(n, Duration.ofNanos((long) (h.getMean() * n)),
                Duration.ofNanos(h.getValueAtPercentile(50)), Duration.ofNanos(h.getValueAtPercentile(90)),
                Duration.ofNanos(h.getValueAtPercentile(99)), Duration.ofNanos(h.getMaxValue()));
    }
}
