package dev.ipckit.metrics;

/**
 * One pool of this process (or all of them).
 *
 * @param name {@code pool-N} (process workers) or {@code threadpool-N}, or {@code all} for the totals
 * @param workers workers alive now, ready or starting
 * @param inFlight tasks submitted and not yet settled (queued or running)
 * @param completed tasks that returned a result
 * @param failed tasks that ended with an error (thrown, timed out, their worker died, cancelled)
 * @param workersStarted workers started, the first ones and every replacement
 * @param workersDied workers that ended while the pool ran without being retired (killed, crashed, timed
 *     out); a worker leaving at {@code maxTasksPerChild}, an idle timeout or shutdown has not died
 * @param workersReplaced workers started in place of one that ended
 * @param taskTime per chunk (one task at chunk size 1), from the moment its worker starts it until its
 *     result is back in this process: the worker's run time plus one way back
 */
public record PoolStats(String name, int workers, long inFlight, long completed, long failed, long workersStarted,
        long workersDied, long workersReplaced, LatencyStats taskTime) {
}
