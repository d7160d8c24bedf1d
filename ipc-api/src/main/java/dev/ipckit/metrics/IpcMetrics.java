package dev.ipckit.metrics;

/**
 * What this process's links, queues and pools have done, read as one {@link MetricsSnapshot}. One per JVM,
 * from {@link dev.ipckit.Ipc#metrics()} or {@link dev.ipckit.IpcContext#metrics()}: counting is always on
 * and costs a few nanoseconds per frame (off with {@code -Dipckit.metrics=false}); nothing is published
 * anywhere unless asked — bind {@link IpcMeterBinder} to a Micrometer {@code MeterRegistry} for that.
 *
 * <p>What is counted, and where:
 * <ul>
 *   <li><b>links</b>: each link from this process to a child it started (or a client a {@code Listener}
 *       accepted): frames and bytes each way, as they cross the transport;</li>
 *   <li><b>queues</b>: each queue this process owns (made with {@code ctx.queue()}): depth, items put and got
 *       by every process, and puts that had to wait for room;</li>
 *   <li><b>pools</b>: each pool this process made: workers alive, tasks in flight, completed and failed,
 *       worker starts, deaths and replacements, and task time (a chunk's time on its worker and back, shared
 *       among its tasks; see {@link PoolStats#taskTime()}) as an HdrHistogram;</li>
 *   <li><b>back-pressure</b>: every wait of a sender for room — a pipe end's window, a full queue.</li>
 * </ul>
 * Totals include what has ended (a child that exited, a pool that closed), so they only grow; the lists
 * show what is open now.
 *
 * <p><b>Thread-safe.</b>
 */
public interface IpcMetrics {

    /**
     * @return the counts now; cheap enough to call every second (it copies a few counters per open link,
     *     queue and pool, and each pool's task-time histogram)
     */
    MetricsSnapshot snapshot();
}
