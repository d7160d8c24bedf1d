package dev.ipckit.socket.python;

import dev.ipckit.AuthenticationException;
import dev.ipckit.PeerClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code python3} of this machine on the other end, both ways: CPython's
 * {@code multiprocessing.connection.Client} to a {@link PythonListener}, and a {@link PythonClient} to
 * CPython's {@code Listener}. Every Python process is ended by its handle after each test.
 */
@Timeout(120)
class PythonWireTest {
    private static final byte[] KEY = "the shared secret".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX = 128 << 20;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void needPython() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", "import multiprocessing.connection").start();
        } catch (IOException e) {
            p = null;
        }
        assumeTrue(p != null && p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0,
                "python3 with multiprocessing is not on this machine's PATH: the wire tests need the real CPython");
    }

    @AfterEach
    void endPython() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process python(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static List<String> output(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static final String PY_CLIENT = String.join("\n",
            "import sys, hashlib",
            "from multiprocessing.connection import Client",
            "c = Client(('127.0.0.1', int(sys.argv[1])), authkey=bytes.fromhex(sys.argv[2]))",
            "c.send_bytes(b'hello from python')",
            "big = c.recv_bytes()",
            "c.send_bytes(hashlib.sha256(big).hexdigest().encode())",
            "out = bytes(range(256)) * (64 * 4096)",
            "c.send_bytes(out)",
            "c.send_bytes(hashlib.sha256(out).hexdigest().encode())",
            "print('python done', len(big))",
            "c.close()");

    @Test
    void aCPythonClientShouldTalkToAJavaListenerBothWaysWith64MiBMessages() throws Exception {
        try (PythonListener l = PythonListener.bind(new InetSocketAddress("127.0.0.1", 0), KEY, MAX)) {
            Process p = python(PY_CLIENT, String.valueOf(l.address().getPort()), hex(KEY));
            try (PythonConnection c = l.accept(Duration.ofSeconds(30)).orElseThrow()) {
                assertEquals("hello from python", new String(c.recvBytes(), StandardCharsets.UTF_8));
                byte[] big = new byte[64 << 20];
                new Random(3).nextBytes(big);
                c.sendBytes(big);
                assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(big)),
                        new String(c.recvBytes(), StandardCharsets.US_ASCII), "python got the 64 MiB intact");
                byte[] fromPython = c.recvBytes();
                assertEquals(64 << 20, fromPython.length);
                assertEquals(new String(c.recvBytes(), StandardCharsets.US_ASCII),
                        hex(MessageDigest.getInstance("SHA-256").digest(fromPython)), "64 MiB from python intact");
                assertThrows(PeerClosedException.class, c::recvBytes, "python closed: EOF");
            }
            assertEquals(List.of("python done " + (64 << 20)), output(p));
            assertEquals(0, p.exitValue());
        }
    }

    @Test
    void aCPythonClientWithTheWrongKeyShouldBeRefusedBeforeAnyMessage() throws Exception {
        try (PythonListener l = PythonListener.bind(new InetSocketAddress("127.0.0.1", 0), KEY, MAX)) {
            Process p = python(String.join("\n",
                    "import sys",
                    "from multiprocessing.connection import Client, AuthenticationError",
                    "try:",
                    "    c = Client(('127.0.0.1', int(sys.argv[1])), authkey=b'not the key')",
                    "    c.send_bytes(b'should never arrive')",
                    "    print('not refused')",
                    "except AuthenticationError as e:",
                    "    print('refused')"), String.valueOf(l.address().getPort()));
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> l.accept(Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("digest was wrong"), e.getMessage());
            assertEquals(List.of("refused"), output(p));
            // the listener goes on: the next, right client is served
            Process ok = python(PY_CLIENT, String.valueOf(l.address().getPort()), hex(KEY));
            try (PythonConnection c = l.accept(Duration.ofSeconds(30)).orElseThrow()) {
                assertEquals("hello from python", new String(c.recvBytes(), StandardCharsets.UTF_8));
                c.sendBytes(new byte[10]);
                c.recvBytes();
                c.recvBytes();
                c.recvBytes();
            }
            ok.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aJavaClientShouldTalkToACPythonListenerAndReadTheLongLengthForm() throws Exception {
        Process p = python(String.join("\n",
                "import sys",
                "from multiprocessing.connection import Listener",
                "with Listener(('127.0.0.1', 0), authkey=bytes.fromhex(sys.argv[1])) as l:",
                "    print(l.address[1], flush=True)",
                "    with l.accept() as c:",
                "        while True:",
                "            try:",
                "                m = c.recv_bytes()",
                "            except EOFError:",
                "                break",
                "            c.send_bytes(m[::-1])"), hex(KEY));
        int port = Integer.parseInt(new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)).readLine().trim());
        try (PythonConnection c = PythonClient.connect(new InetSocketAddress("127.0.0.1", port), KEY, MAX)) {
            c.sendBytes("abc".getBytes(StandardCharsets.US_ASCII));
            assertEquals("cba", new String(c.recvBytes(), StandardCharsets.US_ASCII));
            c.sendLongForm("long form".getBytes(StandardCharsets.US_ASCII)); // CPython reads -1 + uint64 for any size
            assertEquals("mrof gnol", new String(c.recvBytes(), StandardCharsets.US_ASCII));
            assertTrue(c.poll(Duration.ZERO) == false, "nothing more yet");
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the Python listener saw EOF and ended");
    }

    @Test
    void aJavaClientWithTheWrongKeyShouldBeRefusedByCPython() throws Exception {
        Process p = python(String.join("\n",
                "import sys",
                "from multiprocessing.connection import Listener, AuthenticationError",
                "with Listener(('127.0.0.1', 0), authkey=b'the right key') as l:",
                "    print(l.address[1], flush=True)",
                "    try:",
                "        l.accept()",
                "        print('accepted')",
                "    except AuthenticationError:",
                "        print('refused')"));
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        int port = Integer.parseInt(r.readLine().trim());
        assertThrows(AuthenticationException.class,
                () -> PythonClient.connect(new InetSocketAddress("127.0.0.1", port), KEY, MAX));
        assertEquals("refused", r.readLine());
    }

    @Test
    void aCPythonPeerThatDiesMidMessageShouldGivePeerClosedAndTheListenerGoesOn() throws Exception {
        try (PythonListener l = PythonListener.bind(new InetSocketAddress("127.0.0.1", 0), KEY, MAX)) {
            Process p = python(String.join("\n",
                    "import sys, struct, os",
                    "from multiprocessing.connection import Client",
                    "c = Client(('127.0.0.1', int(sys.argv[1])), authkey=bytes.fromhex(sys.argv[2]))",
                    "c._send(struct.pack('!i', 1000000) + b'x' * 1000)  # a header, then a tenth of a message",
                    "os._exit(0)"), String.valueOf(l.address().getPort()), hex(KEY));
            try (PythonConnection c = l.accept(Duration.ofSeconds(30)).orElseThrow()) {
                PeerClosedException e = assertThrows(PeerClosedException.class, c::recvBytes);
                assertTrue(e.getMessage().contains("middle of a message"), e.getMessage());
            }
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMessageAboveTheMaximumShouldBeRefusedWithATypedError() throws Exception {
        try (PythonListener l = PythonListener.bind(new InetSocketAddress("127.0.0.1", 0), KEY, 1024)) {
            Process p = python(String.join("\n",
                    "import sys",
                    "from multiprocessing.connection import Client",
                    "c = Client(('127.0.0.1', int(sys.argv[1])), authkey=bytes.fromhex(sys.argv[2]))",
                    "c.send_bytes(b'y' * 4096)",
                    "try:",
                    "    c.recv_bytes()",
                    "except EOFError:",
                    "    print('closed')"), String.valueOf(l.address().getPort()), hex(KEY));
            try (PythonConnection c = l.accept(Duration.ofSeconds(30)).orElseThrow()) {
                dev.ipckit.FrameException e = assertThrows(dev.ipckit.FrameException.class, c::recvBytes);
                assertTrue(e.getMessage().contains("too long"), e.getMessage());
                assertTrue(c.isClosed());
            }
            assertEquals(List.of("closed"), output(p));
        }
    }

    @Test
    void theHandshakeShouldAnswerBothChallengeForms() {
        byte[] legacy = new byte[20];
        new Random(1).nextBytes(legacy);
        byte[] md5 = PythonAuth.response(KEY, legacy);
        assertEquals(16, md5.length, "a 3.11 challenge gets a bare HMAC-MD5");
        assertTrue(PythonAuth.verify(KEY, legacy, md5));
        byte[] modern = ("{sha256}" + "r".repeat(40)).getBytes(StandardCharsets.US_ASCII);
        byte[] answer = PythonAuth.response(KEY, modern);
        assertArrayEquals("{sha256}".getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(answer, 8));
        assertTrue(PythonAuth.verify(KEY, modern, answer));
        assertTrue(!PythonAuth.verify("other".getBytes(StandardCharsets.US_ASCII), modern, answer));
        assertThrows(AuthenticationException.class,
                () -> PythonAuth.response(KEY, "{sha1}xxxxxxxxxxxxxxxxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII)));
    }
}
