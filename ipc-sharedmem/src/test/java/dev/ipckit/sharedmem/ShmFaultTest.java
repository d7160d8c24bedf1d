package dev.ipckit.sharedmem;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.ProcessDiedException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import dev.ipckit.tck.FaultContract;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults across processes: missing JVM flags, a child or a parent killed mid-message, and what is left
 * on tmpfs afterwards (nothing).
 */
class ShmFaultTest extends FaultContract {
    private static final long ME = ProcessHandle.current().pid();

    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }

    private static List<String> javaCommand(List<String> options, String main) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        return cmd;
    }

    @Test
    void shouldFailAtOnceNamingTheFlagsWhenTheParentJvmLacksThem() throws Exception {
        Process p = new ProcessBuilder(javaCommand(List.of("-Dchronicle.analytics.disable=true"),
                ShmNoFlagsMain.class.getName())).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "a JVM without the flags hung");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("TransportUnavailableException"), out);
            assertTrue(out.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void shouldReportAChildStartedWithoutTheFlagsAsDeadNotHang() throws Exception {
        SharedMemTransport.omitChildFlags = true;
        try {
            IpcContext ctx = ctx();
            Pipe pipe = ctx.pipe();
            Connection end = pipe.right();
            IpcProcess p = track(ctx.process(() -> end.send("never")).name("no-flags")).start();
            try {
                assertThrows(ProcessDiedException.class, () -> pipe.left().recv(Duration.ofSeconds(30)));
                assertTrue(p.join(Duration.ofSeconds(30)));
                assertEquals(1, p.exitCode().orElseThrow());
                assertTrue(String.join("\n", p.stderrTail()).contains("sun.nio.ch"), p.stderrTail().toString());
            } finally {
                reap(p);
            }
        } finally {
            SharedMemTransport.omitChildFlags = false;
        }
        assertTrue(ShmTestSupport.awaitNoDirs(ME, 5000).isEmpty(), "a link directory was left");
    }

    @Test
    void shouldLeaveNoFileAfterAChildEnds() throws Exception {
        IpcContext ctx = ctx();
        Pipe pipe = ctx.pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx.process(() -> end.send(end.recv())).name("echo")).start();
        pipe.left().send("ping");
        assertEquals("ping", pipe.left().recv(Duration.ofSeconds(30)).orElseThrow());
        assertTrue(p.join(Duration.ofSeconds(30)));
        assertTrue(ShmTestSupport.awaitNoDirs(ME, 5000).isEmpty(), "a link directory was left");
    }

    @Test
    void shouldGiveTheParentATypedErrorWhenTheChildIsKilledMidMessage() throws Exception {
        IpcContext ctx = ctx();
        Pipe pipe = ctx.pipe();
        Connection end = pipe.right();
        IpcProcess p = track(ctx.process(() -> {
            byte[] big = new byte[512 << 10];
            while (true) {
                end.sendBytes(big);
            }
        }).name("streamer")).start();
        try {
            pipe.left().recvBytes(); // the child is mid-stream
            p.kill();
            long t0 = System.nanoTime();
            ProcessDiedException e = assertThrows(ProcessDiedException.class, () -> {
                while (true) {
                    pipe.left().recv(Duration.ofSeconds(10));
                }
            });
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "took too long: " + e);
            assertTrue(p.join(Duration.ofSeconds(10)));
            assertEquals(-9, p.exitCode().orElseThrow());
        } finally {
            reap(p);
        }
        assertTrue(ShmTestSupport.awaitNoDirs(ME, 5000).isEmpty(), "a link directory was left");
    }

    @Test
    void shouldEndTheChildSideWithinASecondWhenTheParentIsKilledMidMessage() throws Exception {
        List<String> opts = new ArrayList<>(ShmJvmFlags.forFeature(Runtime.version().feature()));
        Process parent = new ProcessBuilder(javaCommand(opts, ShmFakeParent.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Link link = null;
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            Map<String, String> props = new HashMap<>();
            for (String kv : line.split(";")) {
                int eq = kv.indexOf('=');
                props.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            Path dir = Path.of(props.get(ShmParentEndpoint.DIR_PROP));
            link = new SharedMemTransport().child(props, new ByteArrayInputStream(new byte[0]),
                    new ByteArrayOutputStream(), ShmTestSupport.options("orphan"));
            ShmTestSupport.Recorder rec = new ShmTestSupport.Recorder();
            link.start(rec);
            for (int i = 0; i < 20; i++) {
                rec.frames.poll(30, TimeUnit.SECONDS); // frames are flowing
            }
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS); // reaped: from here the link has about a second
            long t0 = System.nanoTime();
            rec.closed.get(5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(millis < 1500, "the child side noticed after " + millis + " ms");
            Link l = link;
            PeerClosedException e = assertThrows(PeerClosedException.class,
                    () -> l.send(Frame.of(FrameKind.DATA, 1)));
            assertInstanceOf(PeerClosedException.class, e);
            link.close();
            link = null;
            assertTrue(!Files.exists(dir), "the orphaned directory was left: " + dir);
        } finally {
            if (link != null) {
                link.close();
            }
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldSweepDirectoriesOfDeadOwners() throws Exception {
        Path root = Files.createTempDirectory("ipckit-sweep");
        try {
            Process dead = new ProcessBuilder("true").start();
            dead.waitFor();
            Path stale = Files.createDirectories(root.resolve(ShmDirectory.PREFIX + dead.pid() + "-00").resolve("q"));
            Files.writeString(stale.resolve("f"), "x");
            Path live = Files.createDirectory(root.resolve(ShmDirectory.PREFIX + ME + "-00"));
            assertEquals(1, ShmDirectory.sweep(root));
            assertTrue(!Files.exists(stale.getParent()));
            assertTrue(Files.exists(live));
        } finally {
            ShmDirectory.delete(root);
        }
    }
}
