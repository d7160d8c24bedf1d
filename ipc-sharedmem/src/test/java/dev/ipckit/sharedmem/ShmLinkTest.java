package dev.ipckit.sharedmem;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The link itself, both ends in this JVM: order, end of stream, limits, bad excerpts, files. */
@Timeout(60)
class ShmLinkTest {
    private static final long ME = ProcessHandle.current().pid();

    @Test
    void shouldDeliverFramesInOrderAndEndCleanlyOnShutdownOutput() throws Exception {
        Link[] l = ShmTestSupport.pair("order");
        ShmTestSupport.Recorder atChild = new ShmTestSupport.Recorder();
        l[1].start(atChild);
        for (int i = 0; i < 1000; i++) {
            l[0].send(new Frame(FrameKind.DATA, (byte) 1, i, new byte[] {(byte) i}));
        }
        assertTrue(l[0].flush(java.time.Duration.ofSeconds(1)));
        l[0].shutdownOutput();
        assertNull(atChild.closed.get(10, TimeUnit.SECONDS));
        assertEquals(1000, atChild.frames.size());
        int i = 0;
        for (Frame f : atChild.frames) {
            assertEquals(i, f.channel());
            assertArrayEquals(new byte[] {(byte) i}, f.payload());
            i++;
        }
        assertThrows(PeerClosedException.class, () -> l[0].send(Frame.of(FrameKind.DATA, 1)));
        l[1].close();
        l[0].close();
        assertEquals(1, atChild.closes);
        assertTrue(ShmTestSupport.awaitNoDirs(ME, 5000).isEmpty());
    }

    @Test
    void shouldKeepFilesPrivate() throws Exception {
        Link[] l = ShmTestSupport.pair("private");
        try {
            Path dir = ((ShmLink) l[0]).directory();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            ShmTestSupport.Recorder atParent = new ShmTestSupport.Recorder();
            l[0].start(atParent);
            l[0].send(Frame.of(FrameKind.DATA, 1));
            l[1].send(Frame.of(FrameKind.DATA, 2)); // the child has opened its queues once this is through
            assertNotNull(atParent.frames.poll(10, TimeUnit.SECONDS));
            // Chronicle reports a new cycle file on its background thread: give it a moment
            long deadline = System.nanoTime() + 5_000_000_000L;
            List<String> open;
            do {
                try (Stream<Path> files = Files.walk(dir)) {
                    open = files.filter(Files::isRegularFile).filter(f -> !mode(f).equals("rw-------"))
                            .map(f -> f + " " + mode(f)).toList();
                }
                Thread.sleep(20);
            } while (!open.isEmpty() && System.nanoTime() < deadline);
            assertTrue(open.isEmpty(), open.toString());
        } finally {
            l[1].close();
            l[0].close();
        }
        assertTrue(ShmTestSupport.awaitNoDirs(ME, 5000).isEmpty());
    }

    private static String mode(Path f) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
        } catch (java.io.IOException e) {
            return "rw-------"; // deleted meanwhile
        }
    }

    @Test
    void shouldRefuseAFrameAboveTheMaximumBeforeWritingIt() throws Exception {
        Link[] l = ShmTestSupport.pair("too-big");
        ShmTestSupport.Recorder atChild = new ShmTestSupport.Recorder();
        l[1].start(atChild);
        try {
            FrameException e = assertThrows(FrameException.class,
                    () -> l[0].send(new Frame(FrameKind.DATA, (byte) 1, 1, new byte[ShmTestSupport.MAX + 1])));
            assertTrue(e.getMessage().contains("maxFrameSize"), e.getMessage());
            l[0].send(new Frame(FrameKind.DATA, (byte) 1, 2, new byte[ShmTestSupport.MAX]));
            Frame f = atChild.frames.poll(10, TimeUnit.SECONDS);
            assertNotNull(f);
            assertEquals(2, f.channel());
        } finally {
            l[1].close();
            l[0].close();
        }
    }

    @Test
    void shouldCloseWithFrameExceptionOnAMalformedExcerpt() throws Exception {
        Link[] l = ShmTestSupport.pair("malformed");
        ShmTestSupport.Recorder atParent = new ShmTestSupport.Recorder();
        l[0].start(atParent);
        Path toParent = ((ShmLink) l[0]).directory().resolve(ShmQueues.TO_PARENT);
        try (ChronicleQueue q = SingleChronicleQueueBuilder.binary(toParent).rollCycle(ShmRollCycle.SECONDLY)
                .blockSize(ShmQueues.blockSize(ShmTestSupport.MAX)).build();
             ExcerptAppender a = q.createAppender()) {
            try (DocumentContext dc = a.writingDocument()) {
                dc.wire().bytes().writeByte((byte) 99);
            }
        }
        Throwable cause = atParent.closed.get(10, TimeUnit.SECONDS);
        assertInstanceOf(FrameException.class, cause);
        assertTrue(cause.getMessage().contains("unknown excerpt type"), cause.getMessage());
        assertEquals(1, atParent.closes);
        l[1].close();
        l[0].close();
        assertTrue(ShmTestSupport.awaitNoDirs(ME, 5000).isEmpty());
    }

    @Test
    void shouldRollCyclesAndDeleteWhatWasReadSoDiskUseStaysBounded() throws Exception {
        Link[] l = ShmTestSupport.pair("roll");
        ShmTestSupport.Recorder atChild = new ShmTestSupport.Recorder();
        l[1].start(atChild);
        Path toChild = ((ShmLink) l[0]).directory().resolve(ShmQueues.TO_CHILD);
        int most = 0;
        long end = System.nanoTime() + 3_500_000_000L;
        int sent = 0;
        try {
            while (System.nanoTime() < end) {
                l[0].send(new Frame(FrameKind.DATA, (byte) 1, sent++, new byte[1024]));
                if (sent % 1000 == 0) {
                    atChild.frames.clear();
                    try (Stream<Path> s = Files.list(toChild)) {
                        most = Math.max(most, (int) s.filter(p -> p.toString().endsWith(".cq4")).count());
                    }
                    Thread.sleep(5);
                }
            }
            assertTrue(most <= 3, "cycle files kept, most=" + most);
        } finally {
            l[1].close();
            l[0].close();
        }
    }

    @Test
    void shouldHoldBackASenderWhoseReaderFallsBehind() throws Exception {
        Link[] l = ShmTestSupport.pair("backpressure");
        try {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    l[0].send(new Frame(FrameKind.DATA, (byte) 1, i, new byte[ShmTestSupport.MAX]));
                }
            });
            sender.setDaemon(true);
            sender.start();
            sender.join(2000);
            assertTrue(sender.isAlive(), "200 MiB went out with nobody reading");
            ShmTestSupport.Recorder atChild = new ShmTestSupport.Recorder();
            l[1].start(atChild);
            sender.join(30_000);
            assertTrue(!sender.isAlive(), "the sender should go on once the reader reads");
        } finally {
            l[1].close();
            l[0].close();
        }
    }
}
