package dev.ipckit.internal.process;

import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames sent to a child before it has connected: bounded, kept in order, and none lost. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChildSessionTest {
    private static final int CHUNK = 1 << 20;

    @Test
    void shouldHoldASenderPastTheBoundUntilTheChildConnectsAndLoseNothing() throws Exception {
        ChildSession session = new ChildSession("early", LocalRuntime.get(), false);
        int frames = (int) (ChildSession.EARLY_MAX_BYTES / CHUNK) + 8;
        AtomicInteger sent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            for (int i = 0; i < frames; i++) {
                session.send(new Frame(FrameKind.DATA, (byte) 0, i, new byte[CHUNK]));
                sent.incrementAndGet();
            }
        });
        sender.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sender.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        int held = sent.get();
        assertTrue(held < frames, "the sender was not held back, sent=" + held);
        assertTrue((long) held * CHUNK <= ChildSession.EARLY_MAX_BYTES, "more than the bound waits, sent=" + held);

        Recording link = new Recording();
        session.attach(link);
        sender.join(10_000);
        assertEquals(frames, sent.get());
        assertEquals(frames, link.channels.size());
        for (int i = 0; i < frames; i++) {
            assertEquals(i, link.channels.get(i), "out of order at " + i);
        }
    }

    /** A link that records the channel of each frame sent. */
    private static final class Recording implements Link {
        final List<Integer> channels = new CopyOnWriteArrayList<>();

        @Override
        public void start(FrameHandler handler) {
        }

        @Override
        public void send(Frame frame) {
            channels.add(frame.channel());
        }

        @Override
        public boolean flush(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public String describe() {
            return "recording";
        }
    }
}
