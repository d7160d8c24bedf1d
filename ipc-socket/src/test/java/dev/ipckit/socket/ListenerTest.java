package dev.ipckit.socket;

import dev.ipckit.AuthenticationException;
import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Listener and Client, as in multiprocessing.connection: an unrelated JVM (started here with a plain
 * ProcessBuilder, not by ipckit) connects with the address and the authkey and uses a shared queue and
 * a connection. Loopback addresses only.
 */
@Timeout(90)
class ListenerTest {

    private static Process startProbe(InetSocketAddress address, byte[] key) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ClientProbe.class.getName())).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        DataOutputStream out = new DataOutputStream(p.getOutputStream());
        out.writeUTF(address.getHostString());
        out.writeInt(address.getPort());
        out.writeUTF(HexFormat.of().formatHex(key));
        out.flush();
        return p;
    }

    @Test
    void shouldServeAnUnrelatedJvmThatProvesTheKey() throws Exception {
        IpcContext ctx = Ipc.context("socket");
        Queue<Integer> jobs = ctx.queue();
        for (int i = 1; i <= 100; i++) {
            jobs.put(i);
        }
        jobs.put(-1);
        try (Listener listener = Listener.open(ctx, new InetSocketAddress("127.0.0.1", 0))) {
            listener.share("jobs", jobs);
            Process probe = startProbe(listener.address(), listener.authkey());
            try {
                Connection c = listener.accept(Duration.ofSeconds(30)).orElseThrow();
                String report = (String) c.recv(Duration.ofSeconds(30)).orElseThrow();
                assertTrue(report.startsWith("sum=5050 pid=" + probe.pid()), report);
                c.send("bye");
                assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, probe.exitValue());
                assertThrows(PeerClosedException.class, () -> c.recv(Duration.ofSeconds(10)));
            } finally {
                probe.destroyForcibly();
                probe.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldRefuseAClientWithTheWrongKey() {
        IpcContext ctx = Ipc.context("socket");
        try (Listener listener = Listener.open(ctx, new InetSocketAddress("127.0.0.1", 0))) {
            byte[] wrong = listener.authkey();
            wrong[0] ^= 1;
            assertThrows(AuthenticationException.class, () -> Client.connect(listener.address(), wrong));
            assertTrue(listener.accept(Duration.ofMillis(300)).isEmpty(), "no connection for a wrong key");
            try (Client good = Client.connect(listener.address(), listener.authkey())) {
                Connection mine = listener.accept(Duration.ofSeconds(10)).orElseThrow();
                good.connection().send("hello");
                assertEquals("hello", mine.recv());
                mine.send(List.of(1, 2, 3));
                assertEquals(List.of(1, 2, 3), good.connection().recv());
            }
        }
    }

    @Test
    void shouldRefuseAShortAuthkey() {
        IpcContext ctx = Ipc.context("socket");
        assertThrows(IllegalArgumentException.class,
                () -> Listener.open(ctx, new InetSocketAddress("127.0.0.1", 0), new byte[8]));
    }
}
