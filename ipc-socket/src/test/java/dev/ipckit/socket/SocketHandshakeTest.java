package dev.ipckit.socket;

import dev.ipckit.FrameException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import dev.ipckit.tck.OutputCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers that fail the authkey handshake, against the real server: each is closed within the handshake
 * timeout, logged once without secrets, never becomes a link, and never keeps the expected child out.
 */
@Timeout(30)
class SocketHandshakeTest extends ServerFixture {
    /** Closed "within the handshake timeout": the timeout plus scheduling slack on a loaded 2-core box. */
    private static final long CLOSE_LIMIT_MILLIS = HANDSHAKE_TIMEOUT.toMillis() + 2_000;

    @Test
    void shouldCloseAPeerWithTheWrongAuthkey() throws Exception {
        SocketServer.Expected child = expect("victim");
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        try (OutputCapture cap = new OutputCapture(); RawPeer p = peer()) {
            assertFalse(p.handshake(wrong, child.idHex()), "the server must not prove itself to a wrong key");
            assertClosedInTime(p);
            assertTrue(cap.err().contains("wrong authkey proof"), cap.err());
            assertNoSecret(cap.err());
        }
        assertFalse(child.link().isDone(), "a wrong key must not become the child's link");
        assertGoodChildStillConnects(child);
    }

    @Test
    void shouldCloseAPeerThatSendsOnlyPartOfAnAnswer() throws Exception {
        SocketServer.Expected child = expect("victim");
        try (OutputCapture cap = new OutputCapture(); RawPeer p = peer()) {
            p.readChallenge();
            p.out.write(HandshakeDescriptor.MAGIC);
            p.out.write(HexFormat.of().parseHex(child.idHex())); // no proof: it has no key
            p.out.flush();
            assertClosedInTime(p);
            assertTrue(cap.err().contains("handshake timed out"), cap.err());
        }
        assertGoodChildStillConnects(child);
    }

    @Test
    void shouldLogATruncatedHandshake() throws Exception {
        SocketServer.Expected child = expect("victim");
        try (OutputCapture cap = new OutputCapture()) {
            try (RawPeer p = peer()) {
                p.readChallenge();
                p.out.write(HandshakeDescriptor.MAGIC);
                p.out.write(new byte[36]);
                p.out.flush();
            }
            awaitLog(cap, "peer closed the connection during the handshake, received=40 bytes");
        }
        assertGoodChildStillConnects(child);
    }

    @Test
    void shouldCloseAPeerThatSendsGarbageBeforeTheHandshake() throws Exception {
        SocketServer.Expected child = expect("victim");
        try (OutputCapture cap = new OutputCapture(); RawPeer p = peer()) {
            p.out.write("GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n\r\n\r\n\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            p.out.flush();
            assertClosedInTime(p);
            assertTrue(cap.err().contains("bad magic"), cap.err());
        }
        assertGoodChildStillConnects(child);
    }

    @Test
    void shouldCloseASilentPeerWithinTheHandshakeTimeout() throws Exception {
        try (OutputCapture cap = new OutputCapture(); RawPeer p = peer()) {
            p.readChallenge();
            long millis = p.awaitClosedMillis();
            assertTrue(millis >= 0 && millis <= CLOSE_LIMIT_MILLIS, "closed after " + millis + " ms");
            assertTrue(cap.err().contains("handshake timed out"), cap.err());
            assertEquals(1, count(cap.err(), "socket peer rejected"), "logged once: " + cap.err());
        }
    }

    @Test
    void shouldRefuseAnUnknownChildIdEvenWithTheRightKey() throws Exception {
        try (OutputCapture cap = new OutputCapture(); RawPeer p = peer()) {
            assertFalse(p.handshake(key, "00112233445566778899aabbccddeeff"));
            assertClosedInTime(p);
            assertTrue(cap.err().contains("unknown child id"), cap.err());
        }
    }

    @Test
    void shouldLetAChildIdConnectOnlyOnce() throws Exception {
        SocketServer.Expected child = expect("once");
        try (RawPeer first = peer(); RawPeer second = peer()) {
            assertTrue(first.handshake(key, child.idHex()));
            assertFalse(second.handshake(key, child.idHex()));
            assertClosedInTime(second);
            child.link().get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void shouldCloseOnlyTheLinkThatSendsAnOversizedFrame() throws Exception {
        SocketServer.Expected bad = expect("bad");
        SocketServer.Expected good = expect("good");
        try (RawPeer b = peer(); RawPeer g = peer()) {
            assertTrue(b.handshake(key, bad.idHex()));
            assertTrue(g.handshake(key, good.idHex()));
            RecordingHandler badFrames = new RecordingHandler();
            bad.link().get(5, TimeUnit.SECONDS).start(badFrames);
            Link goodLink = good.link().get(5, TimeUnit.SECONDS);
            RecordingHandler goodFrames = new RecordingHandler();
            goodLink.start(goodFrames);

            b.out.write(RawPeer.header(FrameKind.DATA, 1, MAX_FRAME + 1));
            b.out.flush();
            Throwable cause = badFrames.closed.get(10, TimeUnit.SECONDS);
            assertInstanceOf(FrameException.class, cause);
            assertTrue(cause.getMessage().contains("frame too long"), cause.getMessage());
            assertTrue(b.awaitClosedMillis() >= 0, "the bad link's connection must be closed");

            g.out.write(RawPeer.header(FrameKind.DATA, 7, 3));
            g.out.write(new byte[] {1, 2, 3});
            g.out.flush();
            Frame f = goodFrames.frames.poll(10, TimeUnit.SECONDS);
            assertEquals(7, f.channel());
            assertArrayEquals(new byte[] {1, 2, 3}, f.payload());
            goodLink.close();
            assertNull(goodFrames.closed.get(5, TimeUnit.SECONDS));
            assertEquals(1, goodFrames.closes.get());
            assertEquals(1, badFrames.closes.get());
        }
    }

    @Test
    void shouldReportAPeerThatVanishesMidFrame() throws Exception {
        SocketServer.Expected child = expect("vanishing");
        RecordingHandler frames = new RecordingHandler();
        try (RawPeer p = peer()) {
            assertTrue(p.handshake(key, child.idHex()));
            child.link().get(5, TimeUnit.SECONDS).start(frames);
            p.out.write(RawPeer.header(FrameKind.DATA, 1, 1000));
            p.out.write(new byte[300]);
            p.out.flush();
        }
        Throwable cause = frames.closed.get(10, TimeUnit.SECONDS);
        assertInstanceOf(FrameException.class, cause);
        assertTrue(cause.getMessage().contains("truncated frame"), cause.getMessage());
        assertTrue(frames.frames.isEmpty());
        assertEquals(1, frames.closes.get());
    }

    /** @return the port of the door under test: the Netty server's */
    int doorPort() throws IOException {
        return server.port();
    }

    private RawPeer peer() throws IOException {
        return new RawPeer(server.connectHost(), doorPort());
    }

    private void assertGoodChildStillConnects(SocketServer.Expected child) throws Exception {
        try (RawPeer good = peer()) {
            assertTrue(good.handshake(key, child.idHex()), "the server must prove itself to the right key");
            Link link = child.link().get(5, TimeUnit.SECONDS);
            RecordingHandler h = new RecordingHandler();
            link.start(h);
            link.send(new Frame(FrameKind.DATA, (byte) 0, 3, new byte[] {9}));
            assertTrue(link.flush(java.time.Duration.ofSeconds(5)));
            byte[] got = good.in.readNBytes(13);
            assertEquals(9, got[12]);
            link.close();
        }
    }

    private static void assertClosedInTime(RawPeer p) throws Exception {
        long millis = p.awaitClosedMillis();
        assertTrue(millis >= 0 && millis <= CLOSE_LIMIT_MILLIS, "not closed in time: " + millis + " ms");
    }

    private void assertNoSecret(String log) {
        String hex = HexFormat.of().formatHex(key);
        assertFalse(log.toLowerCase().contains(hex.substring(0, 16)), "the log shows the authkey");
        assertFalse(log.contains(java.util.Base64.getEncoder().encodeToString(key).substring(0, 12)));
    }

    private static void awaitLog(OutputCapture cap, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_LIMIT_MILLIS);
        while (!cap.err().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(cap.err().contains(text), cap.err());
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
