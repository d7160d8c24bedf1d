package dev.ipckit.socket;

import dev.ipckit.spi.LinkOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real server of this transport on loopback with a short handshake timeout, closed after each test,
 * which then checks that no event-loop thread is left.
 */
abstract class ServerFixture {
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    static final int MAX_FRAME = 1 << 16;

    final byte[] key = new byte[32];
    SocketServer server;

    SocketOptions options() {
        return new SocketOptions(InetAddress.getLoopbackAddress(), HANDSHAKE_TIMEOUT, Duration.ofSeconds(20), null);
    }

    @BeforeEach
    void startServer() throws IOException {
        new SecureRandom().nextBytes(key);
        server = SocketServer.start(options());
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.close();
        assertTrue(server.terminationFuture().await(5, TimeUnit.SECONDS), "server event loops did not end");
        awaitNoLoopThreads(server.threadPrefix());
    }

    SocketServer.Expected expect(String name) throws IOException {
        return server.expect(new LinkOptions(name, MAX_FRAME, key));
    }

    static void awaitNoLoopThreads(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith(prefix)).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        fail("event-loop threads left behind: " + left);
    }
}
