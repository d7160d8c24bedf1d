package dev.ipckit.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes {@link IpcMetrics} through Micrometer, as Micrometer's own binders do for the JVM
 * ({@code new JvmMemoryMetrics().bindTo(registry)}): nothing is published until a user binds it, and
 * Micrometer is an optional dependency — only this class needs it on the class path.
 *
 * <pre>{@code
 * new IpcMeterBinder(Ipc.metrics()).bindTo(registry);   // e.g. a PrometheusMeterRegistry
 * }</pre>
 *
 * <p>The meters are this JVM's totals (every link, queue and pool, ended ones included), so their number is
 * fixed however many children come and go:
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code ipckit.link.frames}, {@code ipckit.link.bytes}</td><td>counter</td>
 *       <td>{@code direction=out|in}</td></tr>
 *   <tr><td>{@code ipckit.links.open}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code ipckit.queue.depth}, {@code ipckit.queues.open}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code ipckit.queue.items}</td><td>counter</td><td>{@code op=put|get}</td></tr>
 *   <tr><td>{@code ipckit.queue.full.waits}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@code ipckit.pool.workers}, {@code ipckit.pool.tasks.inflight}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code ipckit.pool.tasks}</td><td>counter</td><td>{@code outcome=completed|failed}</td></tr>
 *   <tr><td>{@code ipckit.pool.worker.events}</td><td>counter</td><td>{@code event=started|died|replaced}</td></tr>
 *   <tr><td>{@code ipckit.pool.task.time}</td><td>function timer (count, total)</td><td></td></tr>
 *   <tr><td>{@code ipckit.pool.task.time.percentile}</td><td>time gauge</td><td>{@code quantile=0.5|0.9|0.99|1.0}</td></tr>
 *   <tr><td>{@code ipckit.backpressure.wait}</td><td>function timer (count, total)</td><td></td></tr>
 * </table>
 * Each scrape reads one snapshot, taken at most every {@value #REFRESH_MILLIS} ms however many meters
 * ask. Micrometer holds a meter's state object weakly: here that is the {@link IpcMetrics} (this JVM's,
 * held for its lifetime) and each meter's function holds this binder, so a binder nobody else keeps goes on
 * publishing.
 */
public final class IpcMeterBinder implements MeterBinder {
    /** How long one snapshot serves every meter of a scrape. */
    static final long REFRESH_MILLIS = 250;

    private final IpcMetrics metrics;
    private final Tags tags;
    private MetricsSnapshot last;
    private long lastAt;

    /**
     * @param metrics what to publish, usually {@link dev.ipckit.Ipc#metrics()}
     * @param tags added to every meter (e.g. {@code app=ingest})
     */
    public IpcMeterBinder(IpcMetrics metrics, Tag... tags) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tags = Tags.of(tags);
    }

    /** @param metrics what to publish, usually {@link dev.ipckit.Ipc#metrics()} */
    public IpcMeterBinder(IpcMetrics metrics) {
        this(metrics, new Tag[0]);
    }

    private synchronized MetricsSnapshot now() {
        long t = System.nanoTime();
        if (last == null || t - lastAt > TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS)) {
            last = metrics.snapshot();
            lastAt = t;
        }
        return last;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "ipckit.link.frames", "frames sent to and received from children", null,
                s -> s.linkTotals().framesOut(), "direction", "out");
        counter(registry, "ipckit.link.frames", "frames sent to and received from children", null,
                s -> s.linkTotals().framesIn(), "direction", "in");
        counter(registry, "ipckit.link.bytes", "bytes on the wire to and from children", "bytes",
                s -> s.linkTotals().bytesOut(), "direction", "out");
        counter(registry, "ipckit.link.bytes", "bytes on the wire to and from children", "bytes",
                s -> s.linkTotals().bytesIn(), "direction", "in");
        gauge(registry, "ipckit.links.open", "links to children open now", s -> s.links().size());

        gauge(registry, "ipckit.queue.depth", "items in the queues this process owns", s -> s.queueTotals().depth());
        gauge(registry, "ipckit.queues.open", "queues this process owns, open now", s -> s.queues().size());
        counter(registry, "ipckit.queue.items", "items put into and got from owned queues", null,
                s -> s.queueTotals().puts(), "op", "put");
        counter(registry, "ipckit.queue.items", "items put into and got from owned queues", null,
                s -> s.queueTotals().gets(), "op", "get");
        counter(registry, "ipckit.queue.full.waits", "puts that found a queue full and waited", null,
                s -> s.queueTotals().fullWaits(), null, null);

        gauge(registry, "ipckit.pool.workers", "pool workers alive now", s -> s.poolTotals().workers());
        gauge(registry, "ipckit.pool.tasks.inflight", "pool tasks submitted and not settled",
                s -> s.poolTotals().inFlight());
        counter(registry, "ipckit.pool.tasks", "pool tasks settled", null,
                s -> s.poolTotals().completed(), "outcome", "completed");
        counter(registry, "ipckit.pool.tasks", "pool tasks settled", null,
                s -> s.poolTotals().failed(), "outcome", "failed");
        counter(registry, "ipckit.pool.worker.events", "pool worker starts, deaths and replacements", null,
                s -> s.poolTotals().workersStarted(), "event", "started");
        counter(registry, "ipckit.pool.worker.events", "pool worker starts, deaths and replacements", null,
                s -> s.poolTotals().workersDied(), "event", "died");
        counter(registry, "ipckit.pool.worker.events", "pool worker starts, deaths and replacements", null,
                s -> s.poolTotals().workersReplaced(), "event", "replaced");
        FunctionTimer.builder("ipckit.pool.task.time", metrics, m -> now().poolTotals().taskTime().count(),
                        m -> now().poolTotals().taskTime().total().toNanos(), TimeUnit.NANOSECONDS)
                .description("a chunk's time on its worker and back, shared among its tasks")
                .tags(tags).register(registry);
        percentile(registry, "0.5", s -> s.poolTotals().taskTime().p50().toNanos());
        percentile(registry, "0.9", s -> s.poolTotals().taskTime().p90().toNanos());
        percentile(registry, "0.99", s -> s.poolTotals().taskTime().p99().toNanos());
        percentile(registry, "1.0", s -> s.poolTotals().taskTime().max().toNanos());

        FunctionTimer.builder("ipckit.backpressure.wait", metrics, m -> now().backPressure().waits(),
                        m -> now().backPressure().waited().toNanos(), TimeUnit.NANOSECONDS)
                .description("waits of senders for room: a pipe end's window, a full queue")
                .tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String unit,
            ToDoubleFunction<MetricsSnapshot> value, String tagKey, String tagValue) {
        FunctionCounter.Builder<IpcMetrics> b = FunctionCounter.builder(name, metrics, m -> value.applyAsDouble(now()))
                .description(description).tags(tags);
        if (unit != null) {
            b.baseUnit(unit);
        }
        if (tagKey != null) {
            b.tag(tagKey, tagValue);
        }
        b.register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<MetricsSnapshot> value) {
        Gauge.builder(name, metrics, m -> value.applyAsDouble(now())).description(description).tags(tags)
                .register(registry);
    }

    private void percentile(MeterRegistry registry, String quantile, ToDoubleFunction<MetricsSnapshot> nanos) {
        TimeGauge.builder("ipckit.pool.task.time.percentile", metrics, TimeUnit.NANOSECONDS,
                        m -> nanos.applyAsDouble(now()))
                .description("pool task time percentiles since this JVM started (HdrHistogram)")
                .tags(tags).tag("quantile", quantile).register(registry);
    }
}
