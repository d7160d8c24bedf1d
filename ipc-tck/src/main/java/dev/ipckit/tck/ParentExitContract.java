package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What happens to children when their parent ends. The parent here is itself a child of the test JVM,
 * which starts a grandchild and reports its pid, so the test can watch the grandchild by pid.
 */
public abstract class ParentExitContract extends ContractBase {
    /** How long a child may outlive its parent's death: the promise of the API. */
    protected static final Duration ORPHAN_LIMIT = Duration.ofSeconds(1);

    /** How a middle process starts its own child. */
    private IpcProcess startMiddle(Connection report, boolean daemonGrandchild, long grandchildMillis,
                                   boolean middleWaits) {
        String transport = transport();
        return track(ctx().process(() -> {
            IpcContext inner = Ipc.context(transport);
            IpcProcess g = inner.process(() -> Thread.sleep(grandchildMillis)).daemon(daemonGrandchild).start();
            report.send(g.pid());
            if (middleWaits) {
                Thread.sleep(120_000);
            }
        }).name("middle")).start();
    }

    @Test
    public void shouldEndEveryChildWhenTheParentIsKilled() throws Exception {
        Pipe pipe = ctx().pipe();
        IpcProcess middle = startMiddle(pipe.right(), false, 120_000, true);
        long grandchild = (Long) pipe.left().recv();
        assertTrue(isRunning(grandchild));
        middle.kill();
        assertTrue(middle.join(Duration.ofSeconds(20)));
        long t0 = System.nanoTime(); // the parent is dead and reaped: from here its children have 1 s
        assertEquals(-9, middle.exitCode().orElseThrow());
        boolean gone = awaitGone(grandchild, ORPHAN_LIMIT);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (!gone) {
            ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertTrue(gone, "orphan still alive " + millis + " ms after its parent was killed, pid=" + grandchild);
    }

    @Test
    public void shouldTerminateDaemonChildrenWhenTheParentExits() throws Exception {
        Pipe pipe = ctx().pipe();
        IpcProcess middle = startMiddle(pipe.right(), true, 120_000, false);
        long grandchild = (Long) pipe.left().recv();
        assertTrue(middle.join(Duration.ofSeconds(30)), "the parent of a daemon child should exit");
        assertEquals(0, middle.exitCode().orElseThrow());
        assertTrue(awaitGone(grandchild, ORPHAN_LIMIT), "daemon child outlived its parent");
    }

    @Test
    public void shouldWaitForNonDaemonChildrenBeforeTheParentExits() throws Exception {
        Pipe pipe = ctx().pipe();
        IpcProcess middle = startMiddle(pipe.right(), false, 2_000, false);
        long grandchild = (Long) pipe.left().recv();
        assertFalse(middle.join(Duration.ofMillis(700)), "the parent exited before its non-daemon child");
        assertTrue(isRunning(grandchild));
        assertTrue(middle.join(Duration.ofSeconds(30)));
        assertEquals(0, middle.exitCode().orElseThrow());
        assertTrue(awaitGone(grandchild, Duration.ofSeconds(1)));
    }

    @Test
    public void shouldForwardNativeStdoutBytesWithoutBreakingTheLink() {
        try (OutputCapture cap = new OutputCapture()) {
            Pipe pipe = ctx().pipe();
            Connection child = pipe.right();
            IpcProcess p = track(ctx().process(() -> {
                java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);
                fd1.write("native hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                fd1.flush();
                child.send("after native output");
                child.recv();
            })).start();
            assertEquals("after native output", pipe.left().recv());
            pipe.left().send("bye");
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertEquals(0, p.exitCode().orElseThrow());
            assertTrue((cap.out() + cap.err()).contains("native hello"), cap.out() + cap.err());
        }
    }
}
