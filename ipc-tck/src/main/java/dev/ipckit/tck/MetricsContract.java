package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.Pool;
import dev.ipckit.Queue;
import dev.ipckit.WorkerDiedException;
import dev.ipckit.metrics.LinkStats;
import dev.ipckit.metrics.MetricsSnapshot;
import dev.ipckit.metrics.PoolStats;
import dev.ipckit.metrics.QueueStats;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics of {@link Ipc#metrics()} count what really crossed: frames and bytes of a real child's link,
 * a queue's puts and gets by another process, a pool's tasks, task times and worker deaths, and the waits
 * of a sender held back by its reader.
 */
public abstract class MetricsContract extends ContractBase {

    private static MetricsSnapshot snap() {
        return Ipc.metrics().snapshot();
    }

    @Test
    public void shouldCountEveryFrameAndByteOfAChildsLinkAndListItOnlyWhileItIsOpen() {
        Pipe pipe = ctx().pipe();
        Connection childEnd = pipe.right();
        MetricsSnapshot before = snap();
        IpcProcess p = track(ctx().process(() -> {
            for (int i = 0; i < 500; i++) {
                childEnd.sendBytes(new byte[1000]);
            }
            childEnd.recv(); // until told to go
        }).name("metered-child").start());
        Connection c = pipe.left();
        for (int i = 0; i < 500; i++) {
            assertEquals(1000, c.recvBytes().length);
        }
        LinkStats open = snap().links().stream().filter(l -> l.name().equals("metered-child")).findFirst()
                .orElseThrow(() -> new AssertionError("the open link is not listed: " + snap().links()));
        assertTrue(open.framesIn() >= 500, open.toString());
        assertTrue(open.bytesIn() >= 500 * 1000L, open.toString());
        assertTrue(open.framesOut() >= 1, "the task went out on the link: " + open);
        c.send("go");
        p.join(Duration.ofSeconds(30));
        assertEquals(0, p.exitCode().orElseThrow());

        MetricsSnapshot after = awaitSnap(s -> s.links().stream().noneMatch(l -> l.name().equals("metered-child")));
        assertTrue(after.linkTotals().framesIn() - before.linkTotals().framesIn() >= 500, after.summary());
        assertTrue(after.linkTotals().bytesIn() - before.linkTotals().bytesIn() >= 500 * 1000L, after.summary());
        assertTrue(after.linkTotals().bytesOut() > before.linkTotals().bytesOut(), after.summary());
    }

    @Test
    public void shouldCountAQueuesPutsAndGetsByAnotherProcessAndItsFullWaits() throws InterruptedException {
        Set<String> before = snap().queues().stream().map(QueueStats::name).collect(Collectors.toSet());
        long waitsBefore = snap().backPressure().waits();
        Queue<Integer> q = ctx().queue(10);
        String name = snap().queues().stream().map(QueueStats::name).filter(n -> !before.contains(n)).findFirst()
                .orElseThrow(() -> new AssertionError("the new queue is not listed: " + snap().queues()));
        IpcProcess p = track(ctx().process(() -> {
            for (int i = 0; i < 100; i++) {
                q.put(i);
            }
        }).start());
        // the owner takes nothing until the child's puts have found the queue full
        awaitSnap(s -> s.queues().stream().anyMatch(x -> x.name().equals(name) && x.depth() == 10
                && x.fullWaits() > 0));
        for (int i = 0; i < 100; i++) {
            assertEquals(i, q.take());
        }
        p.join(Duration.ofSeconds(30));
        assertEquals(0, p.exitCode().orElseThrow());
        QueueStats end = snap().queues().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals(100, end.puts(), end.toString());
        assertEquals(100, end.gets(), end.toString());
        assertEquals(0, end.depth(), end.toString());
        assertTrue(end.fullWaits() >= 1, end.toString());
        assertTrue(snap().backPressure().waits() > waitsBefore, "a full queue is back-pressure");
        q.close();
        MetricsSnapshot closed = awaitSnap(s -> s.queues().stream().noneMatch(x -> x.name().equals(name)));
        assertTrue(closed.queueTotals().puts() >= 100, "a closed queue's counts stay in the totals: "
                + closed.summary());
    }

    @Test
    public void shouldCountAPoolsTasksTaskTimesAndAWorkerThatDiedAndWasReplaced() throws Exception {
        Set<String> before = snap().pools().stream().map(PoolStats::name).collect(Collectors.toSet());
        try (Pool pool = ctx().pool(2)) {
            List<Integer> in = IntStream.range(0, 60).boxed().toList();
            assertEquals(in.stream().map(x -> x + 1).toList(), pool.map(x -> x + 1, in, 1));
            PoolStats mine = snap().pools().stream().filter(s -> !before.contains(s.name())).findFirst()
                    .orElseThrow(() -> new AssertionError("the new pool is not listed: " + snap().pools()));
            assertEquals(60, mine.completed(), mine.toString());
            assertEquals(0, mine.failed(), mine.toString());
            assertEquals(0, mine.inFlight(), mine.toString());
            assertEquals(2, mine.workersStarted(), mine.toString());
            assertEquals(60, mine.taskTime().count(), mine.toString());
            assertTrue(mine.taskTime().p50().compareTo(Duration.ZERO) > 0, mine.toString());
            assertTrue(mine.taskTime().max().compareTo(mine.taskTime().p99()) >= 0, mine.toString());

            CompletableFuture<Integer> dies = pool.applyAsync(x -> {
                Runtime.getRuntime().halt(3);
                return x;
            }, 0);
            ExecutionException e = assertThrows(ExecutionException.class, () -> dies.get(60, TimeUnit.SECONDS));
            assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(7, pool.applyAsync(x -> x + 1, 6).get(60, TimeUnit.SECONDS)); // the pool goes on
            String name = mine.name();
            PoolStats after = awaitSnap(s -> s.pools().stream().anyMatch(x -> x.name().equals(name)
                    && x.workersReplaced() == 1)).pools().stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow();
            assertEquals(61, after.completed(), after.toString());
            assertEquals(1, after.failed(), after.toString());
            assertEquals(1, after.workersDied(), after.toString());
            assertEquals(3, after.workersStarted(), after.toString());
        }
        MetricsSnapshot closed = awaitSnap(s -> s.pools().stream().allMatch(x -> before.contains(x.name())));
        assertTrue(closed.poolTotals().completed() >= 61, "a closed pool's tasks stay in the totals: "
                + closed.summary());
    }

    @Test
    public void shouldCountTheWaitsOfASenderHeldBackByItsReader() {
        IpcContext ctx = ctx().withPipeWindow(256 * 1024);
        Pipe pipe = ctx.pipe();
        Connection childEnd = pipe.right();
        IpcProcess p = track(ctx.process(() -> {
            try {
                Thread.sleep(300); // read nothing for a while: the parent fills the window and waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long n = 0;
            for (int i = 0; i < 64; i++) {
                n += childEnd.recvBytes().length;
            }
            childEnd.send(n);
        }).start());
        long waitsBefore = snap().backPressure().waits();
        Connection c = pipe.left();
        for (int i = 0; i < 64; i++) {
            c.sendBytes(new byte[64 * 1024]);
        }
        assertEquals(64L * 64 * 1024, c.recv());
        p.join(Duration.ofSeconds(30));
        MetricsSnapshot s = snap();
        assertTrue(s.backPressure().waits() > waitsBefore, s.summary());
        assertTrue(s.backPressure().waited().toMillis() >= 50, s.summary());
        assertTrue(s.summary().contains("back-pressure"), s.summary());
    }

    private static MetricsSnapshot awaitSnap(Predicate<MetricsSnapshot> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            MetricsSnapshot s = snap();
            if (condition.test(s)) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("metrics never reached the expected state: " + s);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
