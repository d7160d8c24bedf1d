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
 * @param workersDied workers that ended abnormally (killed, crashed, timed out) while the pool ran or
 *     finished its queued work after {@code shutdown()}; a worker leaving at {@code maxTasksPerChild}, an
 *     idle timeout or a stop, or killed by {@code shutdownNow()} or {@code close()}, has not died
 * @param workersReplaced workers started in place of one that ended
 * @param taskTime per task: a chunk's time, from when it becomes the one its worker runs (as this process
 *     sees it: the worker's previous result is back, or it reported ready) until its result is back here,
 *     shared equally among the chunk's tasks — the worker's run time plus one way back; at chunk size 1,
 *     exactly one task's time. Its count is the tasks settled after a worker started them
 */
public record PoolStats(String name, int workers, long inFlight, long completed, long failed, long workersStarted,
        long workersDied, long workersReplaced, LatencyStats taskTime) {
}
