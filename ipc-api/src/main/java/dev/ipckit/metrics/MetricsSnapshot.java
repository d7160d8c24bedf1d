package dev.ipckit.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The counts of {@link IpcMetrics} at one moment: totals since this JVM started, and what is open now.
 *
 * @param at when it was taken
 * @param linkTotals every link's frames and bytes, ended links included
 * @param links the open links
 * @param queueTotals every owned queue's counts, closed queues included (depth: the open ones)
 * @param queues the open queues this process owns
 * @param poolTotals every pool's counts, closed pools included (workers and in flight: the open ones;
 *     task time: all tasks of all pools)
 * @param pools the open pools
 * @param backPressure the waits of senders for room
 */
public record MetricsSnapshot(Instant at, LinkStats linkTotals, List<LinkStats> links, QueueStats queueTotals,
        List<QueueStats> queues, PoolStats poolTotals, List<PoolStats> pools, BackPressureStats backPressure) {

    /** Copies the lists: a snapshot does not change. */
    public MetricsSnapshot {
        links = List.copyOf(links);
        queues = List.copyOf(queues);
        pools = List.copyOf(pools);
    }

    /**
     * @return one line for a console, such as {@code links 2: out 1,204 frames 86 KB, in 1,198 frames 41 KB
     *     | queues 1: depth 0, put 1,000, got 1,000 | pools 1: 2 workers, 16 in flight, 984 done, 0 failed,
     *     task p50 0.21 ms p99 1.30 ms, workers started 2 died 0 | back-pressure 0 waits}
     */
    public String summary() {
        PoolStats p = poolTotals;
        return String.format(Locale.ROOT,
                "links %d: out %,d frames %s, in %,d frames %s | queues %d: depth %,d, put %,d, got %,d"
                        + " | pools %d: %d workers, %,d in flight, %,d done, %,d failed, task p50 %s p99 %s,"
                        + " workers started %d died %d | back-pressure %,d waits %s",
                links.size(), linkTotals.framesOut(), bytes(linkTotals.bytesOut()), linkTotals.framesIn(),
                bytes(linkTotals.bytesIn()), queues.size(), queueTotals.depth(), queueTotals.puts(),
                queueTotals.gets(), pools.size(), p.workers(), p.inFlight(), p.completed(), p.failed(),
                millis(p.taskTime().p50()), millis(p.taskTime().p99()), p.workersStarted(), p.workersDied(),
                backPressure.waits(), millis(backPressure.waited()));
    }

    /**
     * @return a short line about the pools, for beside a progress bar, such as {@code 4 in flight, task p50
     *     12.3 ms, 0 died}
     */
    public String brief() {
        PoolStats p = poolTotals;
        return String.format(Locale.ROOT, "%,d in flight, task p50 %.1f ms, %d died", p.inFlight(),
                p.taskTime().p50().toNanos() / 1e6, p.workersDied());
    }

    private static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 10_000_000) {
            return (n + 500) / 1000 + " KB";
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }
}
