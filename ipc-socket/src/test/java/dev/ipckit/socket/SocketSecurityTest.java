package dev.ipckit.socket;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.tck.ContractBase;
import dev.ipckit.tck.OutputCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket transport's promises about the authkey, with real child processes. */
@Timeout(90)
class SocketSecurityTest extends ContractBase {

    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }

    @Test
    void shouldStartAGoodChildAfterAHundredBadPeers() throws Exception {
        SocketServer server = SocketServer.acquireShared(); // hold it, so the children meet this very server
        try (OutputCapture cap = new OutputCapture()) {
            for (int i = 0; i < 100; i++) {
                try (RawPeer p = new RawPeer(server)) {
                    if (i % 2 == 0) {
                        byte[] wrong = new byte[32];
                        p.handshake(wrong, "00112233445566778899aabbccddeeff");
                    } else {
                        p.readChallenge();
                        p.out.write("garbage!".getBytes(StandardCharsets.US_ASCII));
                    }
                    assertTrue(p.awaitClosedMillis() >= 0, "bad peer " + i + " not closed");
                }
            }
            Pipe pipe = ctx().pipe();
            Connection child = pipe.right();
            IpcProcess p = track(ctx().process(() -> child.send("echo:" + child.recv()))).start();
            pipe.left().send("hello");
            assertEquals("echo:hello", pipe.left().recv(Duration.ofSeconds(30)).orElseThrow());
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertEquals(0, p.exitCode().orElseThrow());
            assertTrue(cap.err().contains("socket peer rejected"), "bad peers are logged");
        } finally {
            server.release();
        }
    }

    @Test
    void shouldKeepTheAuthkeyOffTheChildsCommandLineAndEnvironment() throws Exception {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            child.send("up");
            child.recv();
        })).start();
        try {
            assertEquals("up", pipe.left().recv(Duration.ofSeconds(30)).orElseThrow());
            byte[] key = Ipc.authkey();
            for (String file : new String[] {"cmdline", "environ"}) {
                byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), file));
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                assertFalse(indexOf(bytes, key) >= 0, "raw authkey in /proc/pid/" + file);
                assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(key)), "hex authkey in " + file);
                assertFalse(text.contains(Base64.getEncoder().encodeToString(key)), "base64 authkey in " + file);
                assertFalse(text.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(key)),
                        "base64url authkey in " + file);
            }
            pipe.left().send("bye");
            assertTrue(p.join(Duration.ofSeconds(30)));
        } finally {
            reap(p);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
