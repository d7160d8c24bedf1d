package dev.ipckit.metrics;

import java.time.Duration;

/**
 * A distribution of times, from an HdrHistogram (three significant digits).
 *
 * @param count how many were recorded
 * @param total their sum
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p99 the 99th percentile
 * @param max the largest
 */
public record LatencyStats(long count, Duration total, Duration p50, Duration p90, Duration p99, Duration max) {

    /** Nothing recorded. */
    public static final LatencyStats NONE = new LatencyStats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO, Duration.ZERO);

    /** @return the mean, or zero if nothing was recorded */
    public Duration mean() {
        return count == 0 ? Duration.ZERO : total.dividedBy(count);
    }
}
