package dev.ipckit.socket;

import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS under the handshake, with a self-signed certificate made by the JDK's keytool for this test. */
@Timeout(60)
class SocketTlsTest extends ServerFixture {
    private static final String PASSWORD = "test-only-password";
    private static Path dir;
    private static Path keyStore;

    @BeforeAll
    static void makeCertificate() throws Exception {
        dir = Files.createTempDirectory("ipckit-tls-");
        keyStore = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ipckit", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    @AfterAll
    static void deleteCertificate() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Override
    SocketOptions options() {
        return new SocketOptions(InetAddress.getLoopbackAddress(), Duration.ofSeconds(5), Duration.ofSeconds(20),
                new TlsSettings(keyStore, PASSWORD));
    }

    @Test
    void shouldCarryFramesOverTls() throws Exception {
        SocketServer.Expected child = expect("tls");
        TlsSettings trust = TlsSettings.fromChildProperties(server.options().tls().childProperties());
        Link client = SocketClient.connect(server.connectHost(), server.port(), key,
                HexFormat.of().parseHex(child.idHex()), MAX_FRAME, "tls-client", trust, Duration.ofSeconds(5));
        Link parent = child.link().get(10, TimeUnit.SECONDS);
        RecordingHandler atParent = new RecordingHandler();
        RecordingHandler atChild = new RecordingHandler();
        parent.start(atParent);
        client.start(atChild);
        client.send(new Frame(FrameKind.DATA, (byte) 0, 1, new byte[] {1, 2}));
        parent.send(new Frame(FrameKind.DATA, (byte) 0, 2, new byte[] {3}));
        assertArrayEquals(new byte[] {1, 2}, atParent.frames.poll(10, TimeUnit.SECONDS).payload());
        assertArrayEquals(new byte[] {3}, atChild.frames.poll(10, TimeUnit.SECONDS).payload());
        client.close();
        parent.close();
    }

    @Test
    void shouldShowAPlainPeerNothingButTls() throws Exception {
        SocketServer.Expected child = expect("tls");
        try (RawPeer p = new RawPeer(server)) {
            p.out.write(new byte[HandshakeDescriptor.ANSWER_MESSAGE_LENGTH]);
            p.out.flush();
            byte[] got = p.in.readNBytes(4);
            assertNotEquals(new String(HandshakeDescriptor.MAGIC), new String(got));
        }
        assertThrows(IOException.class, () -> PlainClient.connect(server.connectHost(), server.port(), key,
                HexFormat.of().parseHex(child.idHex()), MAX_FRAME, Duration.ofSeconds(2)));
    }
}
