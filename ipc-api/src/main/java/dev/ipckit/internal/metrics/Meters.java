package dev.ipckit.internal.metrics;

import dev.ipckit.metrics.BackPressureStats;
import dev.ipckit.metrics.IpcMetrics;
import dev.ipckit.metrics.LinkStats;
import dev.ipckit.metrics.MetricsSnapshot;
import dev.ipckit.metrics.PoolStats;
import dev.ipckit.metrics.QueueStats;

import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This JVM's meters: the open ones, and the totals of those that have ended, folded in when they end so
 * that totals only grow. One per JVM.
 */
public final class Meters implements IpcMetrics {
    /** The system property that turns counting off: {@code -Dipckit.metrics=false}. */
    public static final String PROP = "ipckit.metrics";
    /** Whether meters count; a constant, so that with counting off the JIT drops the counting code. */
    static final boolean ON = !"false".equalsIgnoreCase(System.getProperty(PROP));

    private static final Meters INSTANCE = new Meters();

    private final Set<LinkMeter> links = ConcurrentHashMap.newKeySet();
    private final Set<QueueMeter> queues = ConcurrentHashMap.newKeySet();
    private final Set<PoolMeter> pools = ConcurrentHashMap.newKeySet();
    private final LongAdder backPressureWaits = new LongAdder();
    private final LongAdder backPressureNanos = new LongAdder();
    /** Guarded by this: what ended links, queues and pools counted. */
    private LinkStats endedLinks = new LinkStats("all", 0, 0, 0, 0);
    private QueueStats endedQueues = new QueueStats("all", 0, 0, 0, 0);
    /** Made when a pool first ends: a JVM that runs no pool (a child, usually) never loads HdrHistogram. */
    private PoolMeter endedPools;

    private Meters() {
    }

    /** @return this JVM's meters */
    public static Meters get() {
        return INSTANCE;
    }

    /**
     * A sender waited for room (a pipe end's window, a full queue).
     *
     * @param nanos how long
     */
    public static void backPressure(long nanos) {
        if (ON) {
            INSTANCE.backPressureWaits.increment();
            INSTANCE.backPressureNanos.add(Math.max(0, nanos));
        }
    }

    void open(LinkMeter m) {
        links.add(m);
    }

    void open(QueueMeter m) {
        sweepCollectedQueues();
        queues.add(m);
    }

    /** Ends the meters of queues collected unclosed: without a snapshot, nothing else would. */
    private void sweepCollectedQueues() {
        Reference<?> r;
        while ((r = QueueMeter.Ref.COLLECTED.poll()) != null) {
            ended(((QueueMeter.Ref) r).meter);
        }
    }

    void open(PoolMeter m) {
        pools.add(m);
    }

    synchronized void ended(LinkMeter m) {
        if (links.remove(m)) {
            endedLinks = endedLinks.plus(m.stats());
        }
    }

    synchronized void ended(QueueMeter m) {
        if (queues.remove(m)) {
            QueueStats s = m.stats(0);
            endedQueues = endedQueues.plus(s);
        }
    }

    synchronized void ended(PoolMeter m) {
        if (pools.remove(m)) {
            if (endedPools == null) {
                endedPools = new PoolMeter("all", false);
            }
            endedPools.absorb(m, false);
        }
    }

    @Override
    public synchronized MetricsSnapshot snapshot() {
        sweepCollectedQueues();
        List<LinkStats> openLinks = new ArrayList<>();
        LinkStats linkTotals = endedLinks;
        for (LinkMeter m : links) {
            LinkStats s = m.stats();
            openLinks.add(s);
            linkTotals = linkTotals.plus(s);
        }
        List<QueueStats> openQueues = new ArrayList<>();
        QueueStats queueTotals = endedQueues;
        for (QueueMeter m : List.copyOf(queues)) {
            int depth = m.depth();
            if (depth < 0) { // closed or collected: its counts join the totals
                ended(m);
                continue;
            }
            QueueStats s = m.stats(depth);
            openQueues.add(s);
            queueTotals = queueTotals.plus(s);
        }
        List<PoolStats> openPools = new ArrayList<>();
        PoolMeter all = new PoolMeter("all", false);
        if (endedPools != null) {
            all.absorb(endedPools, false);
        }
        for (PoolMeter m : pools) {
            openPools.add(all.absorb(m, true));
        }
        openLinks.sort(Comparator.comparing(LinkStats::name));
        openQueues.sort(Comparator.comparing(QueueStats::name));
        openPools.sort(Comparator.comparing(PoolStats::name));
        return new MetricsSnapshot(Instant.now(), linkTotals, openLinks, queueTotals, openQueues, all.stats(),
                openPools, new BackPressureStats(backPressureWaits.sum(), Duration.ofNanos(backPressureNanos.sum())));
    }
}
