package dev.ipckit.spi.stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipckit.FrameException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the frame decoder every stream transport reads with (pipe: both modes; socket and shared
 * memory check the same header with {@link FrameDescriptor#checkHeader}): corrupt lengths, truncated
 * frames, wrong magic, oversized frames, unknown kinds and codecs, bytes arriving a few at a time.
 * Allowed outcomes: frames within the limits, a clean end, or {@link FrameException}. Nothing else, and
 * no allocation a length field asks for beyond the reader's first step and what really arrived.
 *
 * <p>CI runs this in regression mode over the committed inputs in
 * {@code src/test/resources/dev/ipckit/spi/stream/FrameReaderFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (README, "Faults, load and fuzzing").
 */
class FrameReaderFuzzTest {
    /** The reader's first allocation for a payload whose bytes have not arrived yet (FrameReader). */
    private static final long FIRST_STEP = 16 << 20;
    /**
     * What else a read may allocate: the reader's buffer, exceptions and their messages, classes loaded
     * once, the fuzzer's own bookkeeping. Far below what a lying length asks for (up to 2 GiB).
     */
    private static final long SLACK = 48 << 20;
    private static final int[] MAX_FRAME_SIZES = {0, 16, 4096, 1 << 20, FrameDescriptor.MAX_FRAME_SIZE_DEFAULT,
            Integer.MAX_VALUE};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "10m")
    void shouldReadFramesOrFailWithFrameExceptionOnly(FuzzedDataProvider data) throws IOException {
        boolean lenient = data.consumeBoolean();
        int maxFrameSize = data.pickValue(MAX_FRAME_SIZES);
        int step = data.consumeInt(1, 70_000);
        byte[] bytes = data.consumeRemainingAsBytes();
        long[] stray = new long[1];
        FrameReader reader = new FrameReader(new Trickle(bytes, step), maxFrameSize,
                lenient ? b -> stray[0] += b.length : null);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long payloads = 0;
        try {
            Frame f;
            while ((f = reader.read()) != null) {
                assertNotNull(f.kind());
                assertTrue(f.codec() >= 0 && f.codec() <= FrameDescriptor.MAX_CODEC, "codec " + f.codec());
                assertTrue(f.payload().length <= maxFrameSize, "payload above the maximum: " + f);
                payloads += FrameDescriptor.HEADER_LENGTH + f.payload().length;
            }
        } catch (FrameException expected) {
            // the one failure a bad stream may cause
        }
        assertTrue(payloads + stray[0] <= bytes.length, "more bytes out than in");
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= FIRST_STEP + 4L * bytes.length + SLACK,
                "allocated " + allocated + " bytes for " + bytes.length + " bytes of input");
    }

    /** A stream that hands out at most {@code step} bytes per read, as a pipe or socket may. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final int step;

        Trickle(byte[] bytes, int step) {
            this.in = new ByteArrayInputStream(bytes);
            this.step = step;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, step));
        }
    }
}
