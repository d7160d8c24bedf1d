package dev.ipckit.socket;

import dev.ipckit.spi.Link;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of silent connections (each takes the challenge and says nothing) cannot lock a real child
 * out: past {@link SocketServer#MAX_HANDSHAKING} pending handshakes the oldest is closed, long before
 * the handshake timeout, and the expected child still authenticates.
 */
@Timeout(60)
class SocketFloodTest extends ServerFixture {
    private static final int FLOOD = SocketServer.MAX_HANDSHAKING + 44;

    @Override
    SocketOptions options() {
        return new SocketOptions(InetAddress.getLoopbackAddress(), Duration.ofSeconds(30), Duration.ofSeconds(20), null);
    }

    @Test
    void shouldEvictTheOldestSilentPeersAndStillAdmitTheChild() throws Exception {
        SocketServer.Expected child = expect("flooded");
        List<RawPeer> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                RawPeer p = new RawPeer(server);
                p.socket.setSoTimeout(3_000); // far below the 30 s handshake timeout
                p.readChallenge();
                flood.add(p);
            }
            int evicted = 0;
            for (RawPeer p : flood.subList(0, FLOOD - SocketServer.MAX_HANDSHAKING)) {
                if (p.awaitClosedMillis() >= 0) {
                    evicted++;
                }
            }
            assertEquals(FLOOD - SocketServer.MAX_HANDSHAKING, evicted, "the oldest silent peers were not closed");
            try (RawPeer good = new RawPeer(server)) {
                assertTrue(good.handshake(key, child.idHex()), "the child was locked out by the flood");
                Link link = child.link().get(10, TimeUnit.SECONDS);
                link.close();
            }
            flood.get(flood.size() - 1).socket.setSoTimeout(200);
            assertEquals(-1, flood.get(flood.size() - 1).awaitClosedMillis(), "the newest silent peer was closed");
        } finally {
            for (RawPeer p : flood) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // closed by the server already
                }
            }
        }
    }
}
