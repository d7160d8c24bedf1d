package dev.ipckit.socket;

import dev.ipckit.FrameException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Links between the real server and both child clients, in this JVM. */
@Timeout(60)
class SocketLinkTest extends ServerFixture {

    @Test
    void shouldCarryFramesBothWaysWithThePlainClient() throws Exception {
        SocketServer.Expected child = expect("plain");
        Link client = PlainClient.connect(server.connectHost(), server.port(), key,
                HexFormat.of().parseHex(child.idHex()), MAX_FRAME, HANDSHAKE_TIMEOUT);
        exchange(child.link().get(5, TimeUnit.SECONDS), client);
    }

    @Test
    void shouldCarryFramesBothWaysWithTheNettyClient() throws Exception {
        SocketServer.Expected child = expect("netty");
        Link client = SocketClient.connect(server.connectHost(), server.port(), key,
                HexFormat.of().parseHex(child.idHex()), MAX_FRAME, "test-client", null, HANDSHAKE_TIMEOUT);
        exchange(child.link().get(5, TimeUnit.SECONDS), client);
    }

    @Test
    void shouldFailAClientWhoseKeyIsWrong() throws Exception {
        SocketServer.Expected child = expect("victim");
        byte[] wrong = key.clone();
        wrong[5] ^= 1;
        assertThrows(dev.ipckit.AuthenticationException.class, () -> PlainClient.connect(
                server.connectHost(), server.port(), wrong, HexFormat.of().parseHex(child.idHex()), MAX_FRAME,
                HANDSHAKE_TIMEOUT));
        assertFalse(child.link().isDone());
    }

    @Test
    void shouldRefuseAnOversizedFrameBeforeSending() throws Exception {
        SocketServer.Expected child = expect("big");
        try (RawPeer peer = new RawPeer(server)) {
            assertTrue(peer.handshake(key, child.idHex()));
            Link link = child.link().get(5, TimeUnit.SECONDS);
            link.start(new RecordingHandler());
            assertThrows(FrameException.class, () -> link.send(new Frame(FrameKind.DATA, (byte) 0, 1,
                    new byte[MAX_FRAME + 1])));
            link.send(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[MAX_FRAME]));
            assertTrue(link.flush(Duration.ofSeconds(5)));
            link.close();
        }
    }

    @Test
    void shouldBlockASenderWhileThePeerDoesNotRead() throws Exception {
        SocketServer.Expected child = expect("slow reader");
        try (RawPeer peer = new RawPeer(server)) {
            assertTrue(peer.handshake(key, child.idHex()));
            Link link = child.link().get(5, TimeUnit.SECONDS);
            link.start(new RecordingHandler());
            CompletableFuture<Throwable> sender = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) { // 640 MB: far beyond every buffer on the way
                        link.send(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[MAX_FRAME]));
                    }
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(1000);
            assertFalse(sender.isDone(), "the sender must wait for the reader");
            assertFalse(link.flush(Duration.ofMillis(100)));
            peer.socket.close();
            assertInstanceOf(PeerClosedException.class, sender.get(10, TimeUnit.SECONDS));
        }
    }

    private static void exchange(Link parent, Link child) throws Exception {
        RecordingHandler atParent = new RecordingHandler();
        RecordingHandler atChild = new RecordingHandler();
        parent.start(atParent);
        child.start(atChild);
        byte[] big = new byte[MAX_FRAME];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        for (int i = 0; i < 1000; i++) {
            child.send(new Frame(FrameKind.DATA, (byte) 1, i, i % 100 == 0 ? big : new byte[] {(byte) i}));
            parent.send(new Frame(FrameKind.DATA, (byte) 2, i, new byte[] {(byte) -i}));
        }
        for (int i = 0; i < 1000; i++) {
            Frame up = atParent.frames.poll(10, TimeUnit.SECONDS);
            Frame down = atChild.frames.poll(10, TimeUnit.SECONDS);
            assertEquals(i, up.channel(), "in order");
            assertEquals(1, up.codec());
            assertArrayEquals(i % 100 == 0 ? big : new byte[] {(byte) i}, up.payload());
            assertEquals(i, down.channel());
            assertEquals((byte) -i, down.payload()[0]);
        }
        assertTrue(child.flush(Duration.ofSeconds(5)));
        child.close();
        assertNull(atParent.closed.get(10, TimeUnit.SECONDS), "a clean close has no cause");
        assertNull(atChild.closed.get(10, TimeUnit.SECONDS));
        parent.close();
        assertEquals(1, atParent.closes.get());
        assertEquals(1, atChild.closes.get());
        assertThrows(PeerClosedException.class, () -> parent.send(Frame.of(FrameKind.EOF, 1)));
    }
}
