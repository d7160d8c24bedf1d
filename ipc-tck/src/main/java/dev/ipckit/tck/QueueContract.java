package dev.ipckit.tck;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.JoinableQueue;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Queue;
import dev.ipckit.QueueClosedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queues shared by the parent and its children. */
public abstract class QueueContract extends ContractBase {
    private static final int ITEMS = 3000;
    private static final int STOP = -1;

    @Test
    public void shouldDeliverEachItemToExactlyOneOfCompetingConsumers() {
        IpcContext ctx = ctx();
        Queue<Integer> work = ctx.queue();
        Queue<int[]> done = ctx.queue();
        List<IpcProcess> consumers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            int consumer = c;
            consumers.add(track(ctx.process(() -> {
                while (true) {
                    int item = work.take();
                    if (item == STOP) {
                        return;
                    }
                    done.put(new int[] {item, consumer});
                }
            })).start());
        }
        Set<Integer> seen = new HashSet<>();
        int[] perConsumer = new int[4];
        for (int i = 0; i < ITEMS; i++) {
            work.put(i);
            if (i % 2 == 0) {
                // the parent competes as a consumer too
                Integer mine = work.poll();
                if (mine != null) {
                    assertTrue(seen.add(mine), "duplicate " + mine);
                    perConsumer[3]++;
                }
            }
        }
        while (seen.size() < ITEMS) {
            int[] d = done.poll(Duration.ofSeconds(30));
            if (d == null) {
                break;
            }
            assertTrue(seen.add(d[0]), "duplicate " + d[0]);
            perConsumer[d[1]]++;
        }
        for (int c = 0; c < 3; c++) {
            work.put(STOP);
        }
        consumers.forEach(IpcProcess::join);
        assertEquals(ITEMS, seen.size(), "items lost");
        assertNull(done.poll(), "more results than items");
        consumers.forEach(p -> assertEquals(0, p.exitCode().orElseThrow()));
    }

    @Test
    public void shouldKeepEachProducersOrder() {
        IpcContext ctx = ctx();
        Queue<int[]> q = ctx.queue(16);
        List<IpcProcess> producers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            int producer = c;
            producers.add(track(ctx.process(() -> {
                for (int i = 0; i < 500; i++) {
                    q.put(new int[] {producer, i});
                }
            })).start());
        }
        int[] next = new int[2];
        for (int n = 0; n < 1000; n++) {
            int[] item = q.poll(Duration.ofSeconds(30));
            assertEquals(next[item[0]]++, item[1], "producer " + item[0] + " out of order");
        }
        producers.forEach(IpcProcess::join);
    }

    @Test
    public void shouldHonourTheFourFormsOnABoundedQueueLocally() {
        Queue<String> q = ctx().queue(2);
        assertEquals(2, q.capacity());
        assertTrue(q.offer("a"));
        q.add("b");
        assertFalse(q.offer("c"));
        assertThrows(IllegalStateException.class, () -> q.add("c"));
        long t0 = System.nanoTime();
        assertFalse(q.offer("c", Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(190).toNanos());
        assertEquals(2, q.size());
        assertEquals("a", q.remove());
        assertEquals("b", q.poll());
        assertNull(q.poll());
        assertThrows(NoSuchElementException.class, q::remove);
        t0 = System.nanoTime();
        assertNull(q.poll(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(190).toNanos());
        assertThrows(NullPointerException.class, () -> q.put(null));
        q.close();
    }

    @Test
    public void shouldHonourTheFourFormsOnABoundedQueueFromAChild() {
        IpcContext ctx = ctx();
        Queue<String> q = ctx.queue(2);
        Queue<String> report = ctx.queue();
        IpcProcess p = track(ctx.process(() -> {
            List<String> r = new ArrayList<>();
            r.add("offer a=" + q.offer("a"));
            q.add("b");
            r.add("offer c=" + q.offer("c"));
            try {
                q.add("c");
                r.add("add c=accepted");
            } catch (IllegalStateException e) {
                r.add("add c=full");
            }
            long t0 = System.nanoTime();
            boolean timed = q.offer("c", Duration.ofMillis(200));
            r.add("offer c timeout=" + timed + " waited=" + ((System.nanoTime() - t0) >= 190_000_000L));
            r.add("size=" + q.size());
            r.add("remove=" + q.remove() + " poll=" + q.poll() + " poll=" + q.poll());
            try {
                q.remove();
                r.add("remove empty=returned");
            } catch (NoSuchElementException e) {
                r.add("remove empty=thrown");
            }
            t0 = System.nanoTime();
            String none = q.poll(Duration.ofMillis(200));
            r.add("poll timeout=" + none + " waited=" + ((System.nanoTime() - t0) >= 190_000_000L));
            report.put(String.join(", ", r));
        })).start();
        assertEquals("offer a=true, offer c=false, add c=full, offer c timeout=false waited=true, size=2, "
                + "remove=a poll=b poll=null, remove empty=thrown, poll timeout=null waited=true",
                report.poll(Duration.ofSeconds(30)));
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldBlockAPutterUntilRoomFrees() {
        IpcContext ctx = ctx();
        Queue<Integer> q = ctx.queue(1);
        IpcProcess p = track(ctx.process(() -> {
            for (int i = 0; i < 20; i++) {
                q.put(i);
            }
        })).start();
        for (int i = 0; i < 20; i++) {
            assertEquals(i, q.poll(Duration.ofSeconds(30)));
        }
        p.join();
    }

    @Test
    public void shouldWakeAChildBlockedInTakeAndFailItWhenClosed() {
        IpcContext ctx = ctx();
        Queue<String> q = ctx.queue();
        Queue<String> report = ctx.queue();
        IpcProcess p = track(ctx.process(() -> {
            report.put("got " + q.take());
            try {
                q.take();
                report.put("no error");
            } catch (PeerClosedException e) {
                report.put("closed");
            }
        })).start();
        q.put("x");
        assertEquals("got x", report.poll(Duration.ofSeconds(30)));
        q.close();
        assertEquals("closed", report.poll(Duration.ofSeconds(30)));
        // the owner closed it: its own use afterwards is misuse (IllegalStateException), not a peer that left
        assertThrows(QueueClosedException.class, () -> q.put("y"));
        assertThrows(QueueClosedException.class, q::poll);
        p.join();
    }

    @Test
    public void shouldFailAChildsOwnClosedHandleAsMisuseAndKeepTheQueueOpenForOthers() {
        IpcContext ctx = ctx();
        Queue<String> q = ctx.queue();
        Queue<String> report = ctx.queue();
        IpcProcess p = track(ctx.process(() -> {
            q.put("before");
            q.close();
            for (Runnable op : new Runnable[] {() -> q.put("after"), q::poll, q::size}) {
                try {
                    op.run();
                    report.put("no error");
                } catch (QueueClosedException e) {
                    report.put("own close");
                } catch (RuntimeException e) {
                    report.put(e.getClass().getSimpleName());
                }
            }
        })).start();
        for (int i = 0; i < 3; i++) {
            assertEquals("own close", report.poll(Duration.ofSeconds(30)));
        }
        p.join();
        assertEquals("before", q.poll(Duration.ofSeconds(5)));
        q.put("still open");
        assertEquals("still open", q.poll());
    }

    @Test
    public void shouldLetAGrandchildUseItsGrandparentsQueuesPassedOnByTheChild() {
        IpcContext ctx = ctx();
        Queue<String> unbounded = ctx.queue();
        Queue<String> bounded = ctx.queue(2);
        String transport = transport();
        IpcProcess middle = track(ctx.process(() -> {
            IpcContext inner = Ipc.context(transport);
            IpcProcess g = inner.process(() -> {
                unbounded.put("grandchild 1"); // unbounded: sent without an answer, relayed by the middle
                unbounded.put("grandchild 2");
                String got = bounded.take();
                String none = bounded.poll(Duration.ofMillis(200)); // the owner's timeout, through two hops
                unbounded.put("grandchild got " + got + ", then " + none);
                bounded.put("bounded put"); // a put that waits for its answer
            }).start();
            g.join();
            unbounded.put("middle after exit " + g.exitCode().orElse(-1));
        }).name("middle")).start();
        assertEquals("grandchild 1", unbounded.poll(Duration.ofSeconds(60)));
        assertEquals("grandchild 2", unbounded.poll(Duration.ofSeconds(30)));
        bounded.put("from the grandparent");
        assertEquals("grandchild got from the grandparent, then null", unbounded.poll(Duration.ofSeconds(30)));
        assertEquals("middle after exit 0", unbounded.poll(Duration.ofSeconds(30)));
        assertEquals("bounded put", bounded.poll());
        middle.join();
        assertEquals(OptionalInt.of(0), middle.exitCode());
        assertNull(unbounded.poll());
    }

    @Test
    public void shouldReportAPutToAClosedQueueAtTheNextOperation() {
        IpcContext ctx = ctx();
        Queue<String> q = ctx.queue();
        Queue<String> report = ctx.queue();
        dev.ipckit.Pipe go = ctx.pipe();
        dev.ipckit.Connection signal = go.right();
        IpcProcess p = track(ctx.process(() -> {
            signal.recv();
            q.put("after close"); // unbounded: sent without waiting for an answer
            try {
                q.poll(Duration.ofSeconds(5));
                report.put("no error");
            } catch (PeerClosedException e) {
                report.put("closed");
            }
        })).start();
        q.close();
        go.left().send("go");
        assertEquals("closed", report.poll(Duration.ofSeconds(30)));
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldJoinWhenEveryItemIsDone() {
        IpcContext ctx = ctx();
        JoinableQueue<Integer> q = ctx.joinableQueue(100);
        for (int i = 0; i < 50; i++) {
            q.put(i);
        }
        assertFalse(q.join(Duration.ofMillis(100)));
        IpcProcess p = track(ctx.process(() -> {
            for (int i = 0; i < 50; i++) {
                q.take();
                q.taskDone();
            }
        })).start();
        assertTrue(q.join(Duration.ofSeconds(30)));
        assertThrows(IllegalStateException.class, q::taskDone);
        p.join();
    }
    @Test
    public void shouldBoundWhatAFastPutterMakesTheOwnerHoldAndLoseNothing() {
        // a small byte bound for this queue: 256 KiB of 1 KiB items, plus what a child may put unanswered
        System.setProperty("ipckit.queue.maxBytes", String.valueOf(256 << 10));
        Queue<byte[]> q;
        try {
            q = ctx().queue();
        } finally {
            System.clearProperty("ipckit.queue.maxBytes");
        }
        Queue<byte[]> items = q;
        Queue<String> done = ctx().queue();
        int total = 20_000; // 20 MiB: far past the bound
        IpcProcess p = track(ctx().process(() -> {
            for (int i = 0; i < total; i++) {
                byte[] item = new byte[1024];
                java.nio.ByteBuffer.wrap(item).putInt(0, i);
                items.put(item);
            }
            done.put("all put");
        })).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (items.size() < 200 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertNull(done.poll(Duration.ofMillis(500)), "the putter should wait for room, not finish");
        int held = items.size();
        // 256 KiB bound + 1 MiB a child puts before it waits: at most ~1,200 items of 1 KiB (+64 counted)
        assertTrue(held <= 1300, "the queue holds " + held + " items of 1 KiB past its bound");
        for (int i = 0; i < total; i++) {
            byte[] item = items.poll(Duration.ofSeconds(30));
            assertTrue(item != null, "item " + i + " never came");
            assertEquals(i, java.nio.ByteBuffer.wrap(item).getInt(0), "lost, duplicated or reordered");
        }
        assertEquals("all put", done.poll(Duration.ofSeconds(30)));
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }
    // ---- a child's prefetch: what it fetched and did not take goes back, in order ------------------

    private static List<Integer> drain(Queue<Integer> q) {
        List<Integer> out = new ArrayList<>();
        Integer item;
        while ((item = q.poll(Duration.ofMillis(500))) != null) {
            out.add(item);
        }
        return out;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    public void shouldGiveBackExactlyWhatAnExitingConsumerPrefetchedAndDidNotTake() {
        IpcContext ctx = ctx();
        Queue<Integer> work = ctx.queue();
        Queue<Integer> took = ctx.queue();
        for (int i = 0; i < 100; i++) {
            work.put(i);
        }
        IpcProcess p = track(ctx.process(() -> {
            for (int k = 0; k < 3; k++) {
                took.put(work.take()); // the first take fetches a batch; the task ends with most of it untaken
            }
        })).start();
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertEquals(0, p.exitCode().orElseThrow());
        assertEquals(range(0, 3), drain(took));
        assertEquals(range(3, 100), drain(work), "the untaken rest, back at the head, in order, once");
    }

    @Test
    public void shouldGiveBackWhatAKilledConsumerPrefetchedLosingNothing() {
        IpcContext ctx = ctx();
        Queue<Integer> work = ctx.queue();
        Queue<Integer> took = ctx.queue();
        for (int i = 0; i < 100; i++) {
            work.put(i);
        }
        IpcProcess p = track(ctx.process(() -> {
            took.put(work.take());
            Thread.sleep(60_000);
        })).start();
        try {
            assertEquals(0, took.poll(Duration.ofSeconds(30)));
            p.kill();
            assertTrue(p.join(Duration.ofSeconds(30)));
            List<Integer> rest = drain(work);
            // the one it took since it fetched may come again (at least once); nothing is lost or reordered
            List<Integer> expected = rest.size() == 100 ? range(0, 100) : range(1, 100);
            assertEquals(expected, rest);
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldDeliverExactlyOnceWithoutPrefetchWhenAConsumerIsKilled() {
        IpcContext ctx = ctx().withQueuePrefetch(1);
        Queue<Integer> work = ctx.queue();
        Queue<Integer> took = ctx.queue();
        for (int i = 0; i < 100; i++) {
            work.put(i);
        }
        IpcProcess p = track(ctx.process(() -> {
            took.put(work.take());
            Thread.sleep(60_000);
        })).start();
        try {
            assertEquals(0, took.poll(Duration.ofSeconds(30)));
            p.kill();
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertEquals(range(1, 100), drain(work));
        } finally {
            reap(p);
        }
    }
}
