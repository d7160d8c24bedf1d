package dev.ipckit.pipe;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.metrics.IpcMeterBinder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link IpcMeterBinder} publishes what a real pool of child JVMs did through a Micrometer registry. */
class PipeMicrometerTest {

    @Test
    @Timeout(90)
    void aBoundRegistryShouldSeeAPoolsTasksAndItsLinksBytes() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new IpcMeterBinder(Ipc.metrics(), Tag.of("app", "test")).bindTo(registry); // kept by nobody but the meters
        double tasksBefore = registry.get("ipckit.pool.tasks").tag("outcome", "completed")
                .functionCounter().count();
        double bytesInBefore = registry.get("ipckit.link.bytes").tag("direction", "in").functionCounter().count();
        double timedBefore = registry.get("ipckit.pool.task.time").functionTimer().count();

        IpcContext ctx = Ipc.context(PipeTransport.NAME);
        try (Pool pool = ctx.pool(2)) {
            List<Integer> in = IntStream.range(0, 40).boxed().toList();
            assertEquals(40, pool.map(x -> x * 2, in, 1).size());
        }
        Thread.sleep(300); // past the binder's snapshot cache (250 ms): a scrape reads one snapshot
        System.gc(); // Micrometer holds a meter's state weakly: the meters must outlive a collection

        FunctionCounter tasks = registry.get("ipckit.pool.tasks").tag("outcome", "completed").tag("app", "test")
                .functionCounter();
        assertEquals(40, tasks.count() - tasksBefore, 0.0);
        assertTrue(registry.get("ipckit.link.bytes").tag("direction", "in").functionCounter().count()
                > bytesInBefore, "the workers' results crossed their links");
        FunctionTimer time = registry.get("ipckit.pool.task.time").functionTimer();
        assertEquals(40, time.count() - timedBefore, 0.0, "a task time per task");
        assertTrue(time.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertNotNull(registry.get("ipckit.pool.task.time.percentile").tag("quantile", "0.99").timeGauge());
        assertEquals(3, registry.get("ipckit.pool.worker.events").functionCounters().size());
    }

}
