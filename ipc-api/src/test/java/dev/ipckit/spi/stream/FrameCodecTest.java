package dev.ipckit.spi.stream;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frame format, the reader (strict and lenient) and the batching writer. */
@Timeout(30)
class FrameCodecTest {
    private static final int MAX = 1 << 20;

    private static byte[] encode(Frame... frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            byte[] h = new byte[FrameDescriptor.HEADER_LENGTH];
            FrameDescriptor.writeHeader(h, 0, f.kind(), f.codec(), f.channel(), f.payload().length);
            out.write(h);
            out.write(f.payload());
        }
        return out.toByteArray();
    }

    private static FrameReader strict(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes), MAX, null);
    }

    @Test
    void shouldRoundTripFramesOfEverySize() throws IOException {
        Random r = new Random(1);
        List<Frame> frames = new ArrayList<>();
        for (int size : new int[] {0, 1, 11, 12, 13, 65_535, 65_536, 65_537, 300_000}) {
            byte[] p = new byte[size];
            r.nextBytes(p);
            frames.add(new Frame(FrameKind.DATA, (byte) 2, size * 31, p));
        }
        FrameReader reader = strict(encode(frames.toArray(Frame[]::new)));
        for (Frame want : frames) {
            Frame got = reader.read();
            assertEquals(want.kind(), got.kind());
            assertEquals(want.codec(), got.codec());
            assertEquals(want.channel(), got.channel());
            assertArrayEquals(want.payload(), got.payload());
        }
        assertNull(reader.read(), "clean end of stream between frames");
    }

    @Test
    void shouldRefuseBadMagic() throws IOException {
        byte[] bytes = encode(Frame.of(FrameKind.EOF, 1));
        bytes[1] = 0x42;
        FrameException e = assertThrows(FrameException.class, () -> strict(bytes).read());
        assertTrue(e.getMessage().contains("bad frame magic"), e.getMessage());
    }

    @Test
    void shouldRefuseUnknownKindAndCodec() throws IOException {
        byte[] kind = encode(Frame.of(FrameKind.EOF, 1));
        kind[FrameDescriptor.KIND_OFFSET] = 99;
        assertTrue(assertThrows(FrameException.class, () -> strict(kind).read()).getMessage().contains("kind=99"));
        byte[] codec = encode(Frame.of(FrameKind.EOF, 1));
        codec[FrameDescriptor.CODEC_OFFSET] = 77;
        assertTrue(assertThrows(FrameException.class, () -> strict(codec).read()).getMessage().contains("codec=77"));
    }

    @Test
    void shouldRefuseAFrameTooLongBeforeReadingIt() throws IOException {
        byte[] bytes = encode(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[16]));
        FrameDescriptor.putInt(bytes, FrameDescriptor.LENGTH_OFFSET, MAX + 1);
        FrameException e = assertThrows(FrameException.class, () -> strict(bytes).read());
        assertTrue(e.getMessage().contains("frame too long"), e.getMessage());
        FrameDescriptor.putInt(bytes, FrameDescriptor.LENGTH_OFFSET, -5);
        assertThrows(FrameException.class, () -> strict(bytes).read());
    }

    @Test
    void shouldNotAllocateWhatALyingLengthClaims() throws IOException {
        // A 1 GiB length on a stream that ends after 100 bytes: a typed error, no 1 GiB allocation.
        byte[] bytes = Arrays.copyOf(encode(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[100])), 112);
        FrameDescriptor.putInt(bytes, FrameDescriptor.LENGTH_OFFSET, 1 << 30);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), Integer.MAX_VALUE, null);
        long before = usedHeap();
        FrameException e = assertThrows(FrameException.class, reader::read);
        assertTrue(e.getMessage().contains("truncated frame"), e.getMessage());
        assertTrue(usedHeap() - before < (256L << 20), "allocated far more than arrived");
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void shouldRefuseTruncatedHeaderAndPayload() throws IOException {
        byte[] full = encode(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[50]));
        assertThrows(FrameException.class, () -> strict(Arrays.copyOf(full, 7)).read());
        assertThrows(FrameException.class, () -> strict(Arrays.copyOf(full, 30)).read());
    }

    @Test
    void shouldHandStrayBytesToTheHandlerInLenientMode() throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write("native line\n".getBytes(StandardCharsets.UTF_8));
        stream.write(encode(new Frame(FrameKind.DATA, (byte) 0, 5, new byte[] {9})));
        stream.write("no newline".getBytes(StandardCharsets.UTF_8));
        stream.write(encode(Frame.of(FrameKind.EOF, 5)));
        List<String> stray = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(stream.toByteArray()), MAX,
                b -> stray.add(new String(b, StandardCharsets.UTF_8)));
        assertEquals(FrameKind.DATA, reader.read().kind());
        assertEquals(FrameKind.EOF, reader.read().kind());
        assertNull(reader.read());
        assertEquals(List.of("native line\n", "no newline"), stray);
    }

    @Test
    void shouldSurviveRandomGarbageWithTypedErrorsOnly() {
        Random r = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[r.nextInt(64)];
            r.nextBytes(junk);
            if (junk.length > 2 && r.nextBoolean()) {
                junk[0] = FrameDescriptor.MAGIC_0;
                junk[1] = FrameDescriptor.MAGIC_1;
            }
            FrameReader reader = strict(junk);
            try {
                while (reader.read() != null) {
                    // keep reading
                }
            } catch (FrameException expected) {
                // the only failure allowed
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void shouldBatchAndKeepOrderAcrossWriterThreads() throws Exception {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        FrameWriter writer = new FrameWriter(out, "test-writer", 1 << 20, e -> { }, MAX);
        int perThread = 5_000;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    writer.write(new Frame(FrameKind.DATA, (byte) 0, id, new byte[] {(byte) (i >>> 8), (byte) i}));
                }
            }));
        }
        threads.forEach(Thread::start);
        FrameReader reader = new FrameReader(in, MAX, null);
        int[] next = new int[4];
        for (int n = 0; n < 4 * perThread; n++) {
            Frame f = reader.read();
            int seq = (f.payload()[0] & 0xff) << 8 | (f.payload()[1] & 0xff);
            assertEquals(next[f.channel()]++ & 0xffff, seq, "thread " + f.channel() + " out of order");
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(writer.flush(Duration.ofSeconds(5)));
        writer.close();
    }

    @Test
    void shouldRefuseAnOversizedSendAndReportABrokenStream() throws Exception {
        InputStream never = InputStream.nullInputStream();
        FrameWriter writer = new FrameWriter(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        }, "broken-writer", 1 << 20, e -> { }, 1024);
        assertThrows(FrameException.class, () -> writer.write(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[2048])));
        // the failure shows on the send that meets it (written directly) or on a later one (queued)
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        PeerClosedException seen = null;
        while (seen == null && System.nanoTime() < deadline) {
            try {
                writer.write(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[10]));
                Thread.sleep(5);
            } catch (PeerClosedException e) {
                seen = e;
            }
        }
        assertTrue(seen != null && seen.getMessage().contains("Broken pipe"), String.valueOf(seen));
        never.close();
        writer.close();
    }
}
