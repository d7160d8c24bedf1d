package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.FrameException;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.ProcessDiedException;
import dev.ipckit.SerializationException;
import dev.ipckit.serial.Serializers;
import dev.ipckit.spi.JavaIo;
import dev.ipckit.Queue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipes and connections between real processes. */
public abstract class PipeContract extends ContractBase {

    /** A record crossing the pipe: Kryo and Java serialization both handle records. */
    public record Point(int x, int y, String label) implements java.io.Serializable {
    }

    static void echo(Connection c) {
        while (true) {
            Object o;
            try {
                o = c.recv();
            } catch (PeerClosedException e) {
                return;
            }
            if (o instanceof byte[] b) {
                c.sendBytes(b);
            } else {
                c.send(o);
            }
        }
    }

    @Test
    public void shouldCarryMessagesBothWaysInOrder() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> echo(child))).start();
        Connection c = pipe.left();
        for (int i = 0; i < 1000; i++) {
            c.send(new Point(i, -i, "p" + i));
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(new Point(i, -i, "p" + i), c.recv());
        }
        c.sendBytes(new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, c.recvBytes());
        c.send(List.of("a", "b"));
        assertEquals(List.of("a", "b"), c.recv());
        c.close();
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldPollAndTimeOut() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            Thread.sleep(300);
            child.send("late");
            child.recv(); // wait for the parent to finish
        })).start();
        Connection c = pipe.left();
        assertFalse(c.poll(Duration.ZERO));
        assertEquals(Optional.empty(), c.recv(Duration.ofMillis(50)));
        assertTrue(c.poll(Duration.ofSeconds(30)));
        assertTrue(c.poll(Duration.ZERO), "a polled message stays until received");
        assertEquals("late", c.recv());
        c.send("done");
        p.join();
    }

    @Test
    public void shouldRaisePeerClosedAfterDrainingWhenTheChildEnds() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            child.send(1);
            child.send(2);
        })).start();
        Connection c = pipe.left();
        assertEquals(1, c.recv());
        assertEquals(2, c.recv());
        assertThrows(PeerClosedException.class, c::recv);
        p.join();
    }

    @Test
    public void shouldRaiseProcessDiedNamingTheChildWhenItIsKilled() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            System.err.println("last words before the kill");
            System.err.flush();
            child.send("up");
            Thread.sleep(120_000);
        }).name("doomed")).start();
        assertEquals("up", pipe.left().recv());
        p.kill();
        ProcessDiedException e = assertThrows(ProcessDiedException.class,
                () -> pipe.left().recv(Duration.ofSeconds(30)));
        assertEquals("doomed", e.processName());
        assertEquals(p.pid(), e.pid());
        assertEquals(-9, e.exitCode());
        assertTrue(e.stderrTail().contains("last words before the kill"), e.stderrTail().toString());
        p.join();
    }

    @Test
    public void shouldGiveEofToAnEndHandedOverAfterItsPeerClosed() {
        Pipe pipe = ctx().pipe(false);
        Connection reader = pipe.left();
        pipe.right().send("last");
        pipe.right().close();
        dev.ipckit.Queue<String> report = ctx().queue();
        IpcProcess p = track(ctx().process(() -> {
            String got = (String) reader.recv();
            try {
                reader.recv();
                report.put(got + ", then no EOF");
            } catch (PeerClosedException e) {
                report.put(got + ", then EOF");
            }
        })).start();
        assertEquals("last, then EOF", report.poll(Duration.ofSeconds(30)));
        p.join();
    }

    @Test
    public void shouldWakeAPollerWhenThePeerCloses() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            Thread.sleep(300);
            child.close();
            Thread.sleep(60_000);
        })).start();
        try {
            long t0 = System.nanoTime();
            assertTrue(pipe.left().poll(Duration.ofSeconds(30)), "poll should see the end");
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos());
            assertThrows(PeerClosedException.class, () -> pipe.left().recv());
        } finally {
            reap(p);
        }
    }

    @Test
    public void shouldHonourOneWayPipes() {
        Pipe pipe = ctx().pipe(false);
        Connection writer = pipe.right();
        assertThrows(IllegalStateException.class, () -> pipe.left().send("no"));
        IpcProcess p = track(ctx().process(() -> writer.send("one-way"))).start();
        assertEquals("one-way", pipe.left().recv());
        p.join();
        assertFalse(pipe.left().isWritable());
        assertTrue(pipe.left().isReadable());
    }

    @Test
    public void shouldCarryAPipeEndPassedOnToAGrandchildBothWaysAndEndItWithTheGrandchild() {
        IpcContext ctx = ctx();
        Pipe pipe = ctx.pipe();
        Connection mine = pipe.left();
        Connection passed = pipe.right();
        Queue<String> report = ctx.queue();
        String transport = transport();
        mine.send("sent before the child started"); // waits here, then in the middle, then reaches the grandchild
        IpcProcess middle = track(ctx.process(() -> {
            IpcProcess g = Ipc.context(transport).process(() -> {
                while (true) {
                    Object o = passed.recv();
                    if ("stop".equals(o)) {
                        return; // ends without closing: the grandparent's end learns it from the grandchild's exit
                    }
                    if (o instanceof byte[] b) {
                        passed.sendBytes(b);
                    } else {
                        passed.send(o);
                    }
                }
            }).start();
            try {
                passed.send("from the middle");
                report.put("the middle could still use the end it passed on");
            } catch (IllegalStateException e) {
                report.put("the middle's end is handed over");
            }
            g.join();
            report.put("grandchild exit " + g.exitCode().orElse(-1));
        }).name("middle")).start();
        assertEquals(Optional.of("sent before the child started"), mine.recv(Duration.ofSeconds(60)));
        assertEquals("the middle's end is handed over", report.poll(Duration.ofSeconds(30)));
        byte[] block = new byte[256 * 1024];
        new Random(19).nextBytes(block);
        for (int i = 0; i < 40; i++) { // 10 MiB each way through the middle: far past the pipe's window
            block[0] = (byte) i;
            mine.sendBytes(block);
            assertArrayEquals(block, mine.recvBytes(), "block " + i);
        }
        mine.send(new Point(1, 2, "two hops"));
        assertEquals(Optional.of(new Point(1, 2, "two hops")), mine.recv(Duration.ofSeconds(30)));
        mine.send("stop");
        assertTrue(mine.poll(Duration.ofSeconds(30)), "the grandchild's exit should reach this end");
        assertThrows(PeerClosedException.class, mine::recv);
        assertEquals("grandchild exit 0", report.poll(Duration.ofSeconds(30)));
        middle.join();
        assertEquals(OptionalInt.of(0), middle.exitCode());
    }

    @Test
    public void shouldRefuseAHandleSentOutsideAHandOverAndStayUsable() throws Exception {
        Pipe pipe = ctx().pipe();
        Queue<Object> queue = ctx().queue();
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            assertThrows(NotSerializableException.class, () -> out.writeObject(pipe.right()));
            assertThrows(NotSerializableException.class, () -> out.writeObject(queue));
        }
        SerializationException e = assertThrows(SerializationException.class,
                () -> JavaIo.serialize("message", List.of(pipe.right())));
        assertTrue(e.getMessage().contains("only inside the task that starts it"), e.getMessage());
        for (String name : List.of("kryo", "java")) {
            Pipe other = ctx().withSerializer(Serializers.byName(name)).pipe();
            assertThrows(SerializationException.class, () -> other.left().send(pipe.right()), name);
            assertThrows(SerializationException.class, () -> other.left().send(queue), name);
            other.left().send("still usable");
            assertEquals("still usable", other.right().recv(), name);
        }
        assertThrows(SerializationException.class, () -> queue.put(pipe.right()));
        pipe.left().send("the end was not moved");
        assertEquals("the end was not moved", pipe.right().recv());
    }

    @Test
    public void shouldConnectTwoChildren() {
        IpcContext ctx = ctx();
        Pipe between = ctx.pipe();
        Queue<String> results = ctx.queue();
        Connection a = between.left();
        Connection b = between.right();
        IpcProcess pa = track(ctx.process(() -> {
            a.send("ping from A");
            results.put("A got: " + a.recv());
        })).start();
        IpcProcess pb = track(ctx.process(() -> {
            String got = (String) b.recv();
            b.send("pong from B");
            results.put("B got: " + got);
        })).start();
        List<String> got = Arrays.asList(results.poll(Duration.ofSeconds(30)), results.poll(Duration.ofSeconds(30)));
        assertTrue(got.contains("A got: pong from B"), got.toString());
        assertTrue(got.contains("B got: ping from A"), got.toString());
        pa.join();
        pb.join();
        assertTrue(a.isClosed(), "an end handed to a child is no longer usable here");
        assertThrows(IllegalStateException.class, () -> a.send("x"));
    }

    @Test
    public void shouldCarryA64MiBMessage() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> echo(child)).jvmOptions("-Xmx512m")).start();
        byte[] big = new byte[64 << 20];
        new Random(7).nextBytes(big);
        pipe.left().sendBytes(big);
        byte[] back = pipe.left().recvBytes();
        assertTrue(Arrays.equals(big, back), "64 MiB came back changed");
        pipe.left().close();
        p.join();
    }

    @Test
    public void shouldRefuseAFrameAboveTheMaximumAndStayUsable() {
        IpcContext small = ctx().withMaxFrameSize(64 * 1024);
        Pipe pipe = small.pipe();
        Connection child = pipe.right();
        IpcProcess p = track(small.process(() -> {
            try {
                child.sendBytes(new byte[128 * 1024]);
                child.send("not refused");
            } catch (FrameException e) {
                child.send("refused: " + e.getMessage());
            }
            echo(child);
        })).start();
        String verdict = (String) pipe.left().recv();
        assertTrue(verdict.startsWith("refused: frame too long"), verdict);
        pipe.left().send("still works");
        assertEquals("still works", pipe.left().recv());
        pipe.left().close();
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldRefuseToSendAnUnserializableMessageAndStayUsable() {
        Pipe pipe = ctx().withSerializer(dev.ipckit.serial.Serializers.java()).pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().withSerializer(dev.ipckit.serial.Serializers.java())
                .process(() -> echo(child))).start();
        assertThrows(dev.ipckit.SerializationException.class, () -> pipe.left().send(new Object()));
        pipe.left().send("fine");
        assertEquals("fine", pipe.left().recv());
        pipe.left().close();
        p.join();
    }
    // ---- flow control: a sender gets at most the pipe's window ahead of its reader -------------------

    @Test
    public void shouldHoldASenderToThePipeWindowAndLoseNothing() {
        IpcContext ctx = ctx().withPipeWindow(1 << 20);
        Pipe data = ctx.pipe(false);
        Pipe control = ctx.pipe();
        Connection in = data.left();
        Connection ctl = control.right();
        IpcProcess p = track(ctx.process(() -> {
            ctl.recv(); // read nothing until told
            long count = 0;
            long sum = 0;
            try {
                while (true) {
                    byte[] m = in.recvBytes();
                    count++;
                    sum += m.length;
                }
            } catch (PeerClosedException end) {
                ctl.send(count + " " + sum);
            }
        })).start();
        Connection out = data.right();
        byte[] message = new byte[64 * 1024];
        int sent = 0;
        while (out.sendBytes(message, Duration.ofMillis(300))) {
            sent++;
            assertTrue(sent <= 64, "a sender got " + sent + " x 64 KiB ahead of a reader with a 1 MiB window");
        }
        assertTrue(sent >= 8, "the window should let a sender get ahead, sent=" + sent);
        assertFalse(out.sendBytes(message, Duration.ZERO), "no room yet");
        control.left().send("read now");
        for (int i = 0; i < 100; i++) {
            out.sendBytes(message); // waits for room, then goes on
        }
        out.close();
        assertEquals((sent + 100) + " " + (sent + 100L) * message.length, control.left().recv(),
                "every message arrived once");
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldStream2GiBIntoASlowReaderWithA64MiBHeapOnBothSides() {
        IpcContext ctx = ctx();
        Pipe stream = ctx.pipe(false);
        Queue<String> report = ctx.queue();
        Connection in = stream.left();
        Connection out = stream.right();
        int messages = 2048; // of 1 MiB: 2 GiB, with the sequence in the first 8 bytes
        IpcProcess sender = track(ctx.process(() -> {
            byte[] m = new byte[1 << 20];
            for (long i = 0; i < messages; i++) {
                java.nio.ByteBuffer.wrap(m).putLong(0, i);
                out.sendBytes(m);
            }
            out.close();
        }).name("fast-sender").jvmOptions("-Xmx64m")).start();
        IpcProcess reader = track(ctx.process(() -> {
            long next = 0;
            try {
                while (true) {
                    byte[] m = in.recvBytes();
                    long seq = java.nio.ByteBuffer.wrap(m).getLong(0);
                    if (seq != next || m.length != 1 << 20) {
                        report.put("expected " + next + ", got " + seq + " of " + m.length + " bytes");
                        return;
                    }
                    next++;
                    if (next % 16 == 0) {
                        Thread.sleep(20); // slower than the sender: its window fills, and it waits
                    }
                }
            } catch (PeerClosedException end) {
                report.put("received " + next);
            }
        }).name("slow-reader").jvmOptions("-Xmx64m")).start();
        assertEquals("received " + messages, report.poll(Duration.ofSeconds(75)));
        assertTrue(sender.join(Duration.ofSeconds(10)));
        assertTrue(reader.join(Duration.ofSeconds(10)));
        assertEquals(0, sender.exitCode().orElseThrow(), "the sender ran out of heap? " + sender.failure());
        assertEquals(0, reader.exitCode().orElseThrow(), "the reader ran out of heap? " + reader.failure());
    }
}
