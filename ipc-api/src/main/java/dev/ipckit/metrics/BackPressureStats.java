package dev.ipckit.metrics;

import java.time.Duration;

/**
 * Waits of senders for room: on a pipe end's window (its reader is behind) and on a full queue. Many waits
 * mean a consumer is the bottleneck; none mean the bounds never mattered.
 *
 * @param waits how many sends or puts had to wait
 * @param waited their time in all (a put still waiting is counted once it is admitted or gives up)
 */
public record BackPressureStats(long waits, Duration waited) {
}
