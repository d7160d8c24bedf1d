package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.ProcessDiedException;
import dev.ipckit.Queue;
import dev.ipckit.RemoteException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Faults of one child, on real processes: SIGKILL in the middle of a stream in either direction (to the
 * parent and between two children, through pipes and queues), SIGSTOP past every liveness check and
 * SIGCONT, a child out of heap, a child that exits or halts without closing anything. What the survivors
 * must see: what was sent before the fault, intact and in order, then a typed error within a second,
 * never a hang; and the link, queue or context they hold goes on working.
 *
 * <p>Liveness is watched by pid and by the end of the child's streams, not by a heartbeat: a stopped
 * child is alive, so it is not declared dead, and nothing it was sent is lost when it runs again.
 */
public abstract class FaultContract extends ContractBase {
    /** How soon a survivor hears of a fault: the promise of the API. */
    protected static final Duration NOTICE_LIMIT = Duration.ofSeconds(1);
    /** How long a stopped child stays stopped: 7 times the pid watch (200 ms), 15 times the shm peer check. */
    private static final Duration STOPPED_FOR = Duration.ofMillis(1500);
    /** Bytes of one streamed message. */
    private static final int CHUNK = 16 * 1024;
    /** No single wait in these tests is longer: a wait that ends here is a hang. */
    private static final Duration HANG = Duration.ofSeconds(20);

    /** A message whose every byte follows from its sequence number, so a torn or mixed message shows. */
    static byte[] chunk(long seq) {
        byte[] b = new byte[CHUNK];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
        return b;
    }

    /** @return the sequence number of a {@link #chunk}, checking every byte */
    static long seqOf(byte[] b) {
        assertEquals(CHUNK, b.length, "message length");
        long seq = Byte.toUnsignedLong((byte) (b[0] * 0xDF)); // 31 * 0xDF == 1 (mod 256): the low byte of seq
        for (int i = 0; i < b.length; i++) {
            if (b[i] != (byte) (seq * 31 + i)) {
                fail("message torn at byte " + i);
            }
        }
        return seq;
    }

    private static byte[] recvBytesOrHang(Connection c) {
        Optional<Object> got = c.recv(HANG);
        if (got.isEmpty()) {
            fail("no message and no error within " + HANG.toSeconds() + " s: a hang");
        }
        return (byte[]) got.get();
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void assertNoticedInTime(long millis, String what) {
        assertTrue(millis <= NOTICE_LIMIT.toMillis(), what + " took " + millis + " ms, limit " + NOTICE_LIMIT.toMillis());
    }

    // ---- SIGKILL mid-send and mid-receive, child and parent -------------------------------------------

    @Test
    public void shouldFailTheReceiverWithinASecondWhenTheSendingChildIsKilled() {
        Pipe pipe = ctx().pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            // without end: the pipe's window holds the sender to what this process has read
            for (long i = 0; ; i++) {
                end.sendBytes(chunk(i));
            }
        }).name("killed-sending")).start();
        try {
            Connection c = pipe.left();
            long next = 0;
            for (; next < 100; next++) {
                assertEquals(next & 0xff, seqOf(recvBytesOrHang(c)));
            }
            p.kill();
            long t0 = System.nanoTime();
            ProcessDiedException e = null;
            try {
                while (true) {
                    assertEquals(next++ & 0xff, seqOf(recvBytesOrHang(c)), "a message was lost or reordered");
                }
            } catch (ProcessDiedException died) {
                e = died;
            }
            assertNoticedInTime(millisSince(t0), "the receiver's error");
            assertEquals(p.pid(), e.pid());
            assertEquals(-9, e.exitCode());
            assertThrows(PeerClosedException.class, () -> c.recv(Duration.ofMillis(100)), "the error stays");
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldFailTheSenderWithinASecondWhenTheReceivingChildIsKilled() throws Exception {
        Pipe pipe = ctx().pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            for (long i = 0; ; i++) {
                if (seqOf((byte[]) end.recv()) != (i & 0xff)) {
                    System.exit(3);
                }
                if (i == 100) {
                    end.send("100 received");
                }
            }
        }).name("killed-receiving")).start();
        try {
            Connection c = pipe.left();
            AtomicLong killedAt = new AtomicLong();
            CompletableFuture<Throwable> sender = CompletableFuture.supplyAsync(() -> {
                try {
                    for (long i = 0; ; i++) {
                        c.sendBytes(chunk(i));
                    }
                } catch (Throwable t) {
                    return t;
                }
            });
            assertEquals("100 received", c.recv(HANG).orElseThrow());
            p.kill();
            killedAt.set(System.nanoTime());
            Throwable t = sender.get(HANG.toSeconds(), TimeUnit.SECONDS);
            long millis = millisSince(killedAt.get());
            assertInstanceOf(PeerClosedException.class, t, "the sender's error");
            assertNoticedInTime(millis, "the sender's error");
            assertThrows(PeerClosedException.class, () -> c.sendBytes(chunk(0)), "the error stays");
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldTellTheOtherChildWithinASecondWhenItsPeerIsKilledMidSend() throws Exception {
        checkChildPair(true);
    }

    @Test
    public void shouldTellTheOtherChildWithinASecondWhenItsPeerIsKilledMidReceive() throws Exception {
        checkChildPair(false);
    }

    /**
     * Child A streams to child B through a pipe routed by the parent; one of them is killed, and the
     * survivor reports what it saw and when (wall clock: both are on this machine).
     */
    private void checkChildPair(boolean killSender) throws Exception {
        IpcContext ctx = ctx();
        Pipe between = ctx.pipe();
        Queue<String> report = ctx.queue();
        Connection a = between.left();
        Connection b = between.right();
        IpcProcess sender = track(ctx.process(() -> {
            long i = 0;
            try {
                for (; ; i++) {
                    a.sendBytes(chunk(i));
                }
            } catch (PeerClosedException e) {
                report.put("sender " + e.getClass().getSimpleName() + " at " + System.currentTimeMillis());
            }
        }).name("pair-sender")).start();
        IpcProcess receiver = track(ctx.process(() -> {
            long i = 0;
            try {
                for (; ; i++) {
                    if (seqOf((byte[]) b.recv()) != (i & 0xff)) {
                        report.put("receiver lost message " + i);
                        return;
                    }
                    if (i == 100) {
                        report.put("100 received");
                    }
                }
            } catch (PeerClosedException e) {
                report.put("receiver " + e.getClass().getSimpleName() + " at " + System.currentTimeMillis());
            }
        }).name("pair-receiver")).start();
        IpcProcess victim = killSender ? sender : receiver;
        IpcProcess survivor = killSender ? receiver : sender;
        try {
            assertEquals("100 received", report.poll(HANG));
            long killedAt = System.currentTimeMillis();
            victim.kill();
            String seen = report.poll(HANG);
            assertTrue(seen != null, "the surviving child heard nothing: a hang");
            String who = killSender ? "receiver " : "sender ";
            assertTrue(seen.startsWith(who) && seen.contains("Exception at "), seen);
            long millis = Long.parseLong(seen.substring(seen.lastIndexOf(' ') + 1)) - killedAt;
            assertNoticedInTime(millis, "the surviving child's error");
            assertTrue(survivor.join(HANG), "the survivor should end on its own");
            assertEquals(0, survivor.exitCode().orElseThrow());
        } finally {
            reap(victim);
            reap(survivor);
        }
    }

    @Test
    public void shouldKeepEveryItemAKilledPutterDeliveredInOrder() {
        IpcContext ctx = ctx();
        Queue<Long> q = ctx.queue();
        IpcProcess p = track(ctx.process(() -> {
            for (long i = 0; ; i++) {
                q.put(i);
            }
        }).name("killed-putter")).start();
        try {
            long next = 0;
            for (; next < 500; next++) {
                assertEquals(next, q.poll(HANG));
            }
            p.kill();
            assertTrue(p.join(HANG));
            Long item;
            while ((item = q.poll(Duration.ofMillis(300))) != null) {
                assertEquals(next++, item, "an item was lost, duplicated or reordered");
            }
            q.put(-1L);
            assertEquals(-1L, q.poll(HANG), "the queue goes on");
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldNotLetChildrenKilledInPutOrTakeChangeTheQueue() {
        IpcContext ctx = ctx();
        Queue<String> full = ctx.queue(2);
        Queue<String> empty = ctx.queue();
        Queue<String> report = ctx.queue();
        full.put("a");
        full.put("b");
        IpcProcess putter = track(ctx.process(() -> {
            report.put("putting");
            full.put("from the killed putter");
        }).name("killed-in-put")).start();
        IpcProcess taker = track(ctx.process(() -> {
            report.put("taking");
            report.put("took " + empty.take());
        }).name("killed-in-take")).start();
        try {
            List<String> up = new ArrayList<>(List.of(report.poll(HANG), report.poll(HANG)));
            assertTrue(up.contains("putting") && up.contains("taking"), up.toString());
            sleep(300); // both calls are now parked in this process
            putter.kill();
            taker.kill();
            assertTrue(putter.join(HANG));
            assertTrue(taker.join(HANG));
            empty.put("x");
            assertEquals("x", empty.poll(HANG), "a dead taker took an item");
            assertEquals("a", full.poll(HANG));
            assertEquals("b", full.poll(HANG));
            assertNull(full.poll(Duration.ofMillis(300)), "a dead putter's item arrived");
            assertNull(report.poll(Duration.ZERO));
            IpcProcess healthy = track(ctx.process(() -> {
                full.put("alive");
                report.put("got " + empty.take());
            }).name("after-the-kills")).start();
            empty.put("y");
            assertEquals("got y", report.poll(HANG));
            assertEquals("alive", full.poll(HANG));
            assertTrue(healthy.join(HANG));
        } finally {
            reap(putter);
            reap(taker);
        }
    }

    // ---- SIGSTOP past the liveness checks, then SIGCONT -----------------------------------------------

    @Test
    public void shouldNotDeclareAStoppedChildDeadAndLoseNothingWhenItResumes() {
        IpcContext ctx = ctx();
        Pipe pipe = ctx.pipe();
        Connection end = pipe.right();
        Queue<Long> out = ctx.queue();
        IpcProcess p = track(ctx.process(() -> {
            for (long i = 0; ; i++) {
                Object m = end.recv();
                if ("bye".equals(m)) {
                    return;
                }
                if (seqOf((byte[]) m) != (i & 0xff)) {
                    System.exit(3);
                }
                end.sendBytes((byte[]) m);
                out.put(i);
            }
        }).name("stopped")).start();
        try {
            Connection c = pipe.left();
            c.sendBytes(chunk(0));
            assertEquals(0, seqOf(recvBytesOrHang(c)));
            assertEquals(0L, out.poll(HANG));

            Signals.stop(p.pid());
            awaitState(p.pid(), 'T');
            for (long i = 1; i <= 200; i++) {
                c.sendBytes(chunk(i)); // 3.2 MiB waits in the link while the child cannot read
            }
            long t0 = System.nanoTime();
            assertEquals(Optional.empty(), c.recv(Duration.ofMillis(500)), "a stopped child answered");
            assertNull(out.poll(Duration.ofMillis(500)), "a stopped child put an item");
            while (System.nanoTime() - t0 < STOPPED_FOR.toNanos()) {
                assertFalse(c.poll(Duration.ofMillis(200)), "the stopped child's end reported something");
            }
            assertTrue(p.isAlive(), "a stopped child was declared dead");
            assertEquals('T', Signals.state(p.pid()));

            Signals.resume(p.pid());
            for (long i = 1; i <= 200; i++) {
                assertEquals(i & 0xff, seqOf(recvBytesOrHang(c)), "lost or reordered after SIGCONT");
                assertEquals(i, out.poll(HANG));
            }
            c.send("bye");
            assertTrue(p.join(HANG));
            assertEquals(0, p.exitCode().orElseThrow());
        } finally {
            if (p.isAlive()) {
                Signals.resume(p.pid());
            }
            reap(p);
        }
    }

    private static void awaitState(long pid, char state) {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (Signals.state(pid) != state) {
            if (System.nanoTime() > deadline) {
                fail("process " + pid + " never reached state " + state + ", now " + Signals.state(pid));
            }
            sleep(10);
        }
    }

    // ---- out of heap ----------------------------------------------------------------------------------

    @Test
    public void shouldReportAChildThatRunsOutOfHeap() {
        Pipe pipe = ctx().pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            end.send("up");
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[1 << 20]);
            }
        }).name("out-of-heap").jvmOptions("-Xmx48m")).start();
        try {
            assertEquals("up", pipe.left().recv(HANG).orElseThrow());
            ProcessDiedException e = assertThrows(ProcessDiedException.class, () -> pipe.left().recv(HANG));
            assertEquals(1, e.exitCode());
            assertTrue(p.join(HANG));
            assertEquals(1, p.exitCode().orElseThrow());
            RemoteException failure = p.failure().orElseThrow();
            assertEquals(OutOfMemoryError.class.getName(), failure.remoteClassName());
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldReportAChildWithoutHeapForAMessageItIsSent() {
        Pipe pipe = ctx().pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            end.send("up");
            byte[] got = (byte[]) end.recv();
            end.send("received " + got.length);
        }).name("message-too-big-for-heap").jvmOptions("-Xmx16m")).start();
        try {
            assertEquals("up", pipe.left().recv(HANG).orElseThrow());
            pipe.left().sendBytes(new byte[24 << 20]); // above the child's whole heap
            long t0 = System.nanoTime();
            PeerClosedException e = assertThrows(PeerClosedException.class, () -> pipe.left().recv(HANG));
            assertTrue(p.join(HANG), "the child should end: " + e);
            assertTrue(p.exitCode().orElseThrow() != 0, "exit code " + p.exitCode());
            assertTrue(millisSince(t0) < HANG.toMillis());
        } finally {
            reap(p);
        }
    }

    // ---- exit without closing -------------------------------------------------------------------------

    @Test
    public void shouldDeliverEverythingAChildSentBeforeItExitedWithoutClosing() {
        IpcContext ctx = ctx();
        Pipe pipe = ctx.pipe();
        Connection end = pipe.right();
        Queue<Long> q = ctx.queue();
        IpcProcess p = track(ctx.process(() -> {
            for (long i = 0; i < 500; i++) {
                end.sendBytes(chunk(i));
                q.put(i);
            }
            System.exit(0); // nothing closed, nothing flushed by hand
        }).name("exits-unclosed")).start();
        try {
            for (long i = 0; i < 500; i++) {
                assertEquals(i & 0xff, seqOf(recvBytesOrHang(pipe.left())));
                assertEquals(i, q.poll(HANG));
            }
            PeerClosedException e = assertThrows(PeerClosedException.class, () -> pipe.left().recv(HANG));
            assertFalse(e instanceof ProcessDiedException, "a clean exit is not a death: " + e);
            assertNull(q.poll(Duration.ofMillis(200)));
            assertTrue(p.join(HANG));
            assertEquals(0, p.exitCode().orElseThrow());
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldFailTheReceiverWithinASecondWhenAChildHaltsWithoutClosing() {
        Pipe pipe = ctx().pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            end.send("up");
            end.recv();
            Runtime.getRuntime().halt(0); // no hooks, no exit report, nothing closed
        }).name("halts")).start();
        try {
            assertEquals("up", pipe.left().recv(HANG).orElseThrow());
            pipe.left().send("halt now");
            long t0 = System.nanoTime();
            assertThrows(PeerClosedException.class, () -> pipe.left().recv(HANG));
            assertNoticedInTime(millisSince(t0), "the receiver's error");
            assertTrue(p.join(HANG));
        } finally {
            reap(p);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
