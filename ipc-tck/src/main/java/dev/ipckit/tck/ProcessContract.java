package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.ProcessInfo;
import dev.ipckit.ProcessState;
import dev.ipckit.RemoteException;
import dev.ipckit.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process lifecycle and Python's exit codes, on real child JVMs. */
public abstract class ProcessContract extends ContractBase {

    private int runToExit(IpcProcess p) {
        track(p).start();
        assertTrue(p.join(Duration.ofSeconds(30)), "child did not end: " + p);
        return p.exitCode().orElseThrow();
    }

    @Test
    public void shouldExitZeroWhenTaskReturns() {
        IpcProcess p = ctx().process(() -> { });
        assertEquals(ProcessState.NEW, p.state());
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertEquals(0, runToExit(p));
        assertEquals(ProcessState.STOPPED, p.state());
        assertFalse(p.isAlive());
        assertTrue(p.failure().isEmpty());
        p.close();
        assertEquals(ProcessState.CLOSED, p.state());
    }

    @Test
    public void shouldReportSystemExitStatus() {
        assertEquals(3, runToExit(ctx().process(() -> System.exit(3))));
    }

    @Test
    public void shouldTellVoluntaryExit137FromSigkill() {
        assertEquals(137, runToExit(ctx().process(() -> System.exit(137))));
    }

    @Test
    public void shouldExitOneWithRemoteTracebackWhenTaskThrows() {
        try (OutputCapture out = new OutputCapture()) {
            IpcProcess p = ctx().process(ProcessContract::failDeep);
            assertEquals(1, runToExit(p));
            RemoteException e = p.failure().orElseThrow();
            assertEquals(IllegalArgumentException.class.getName(), e.remoteClassName());
            assertEquals("bad input 42", e.remoteMessage());
            assertTrue(e.remoteTrace().contains("failDeep"), e.remoteTrace());
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertTrue(out.err().contains("Traceback"), out.err());
            assertTrue(out.err().contains("bad input 42"), out.err());
            assertTrue(p.stderrTail().stream().anyMatch(l -> l.contains("bad input 42")), p.stderrTail().toString());
        }
    }

    static void failDeep() {
        throw new IllegalArgumentException("bad input 42");
    }

    @Test
    public void shouldCarryAnExceptionThatCannotBeSerializedAsText() {
        IpcProcess p = ctx().process(() -> {
            throw new UnserializableFailure("cannot travel");
        });
        assertEquals(1, runToExit(p));
        RemoteException e = p.failure().orElseThrow();
        assertEquals(UnserializableFailure.class.getName(), e.remoteClassName());
        assertTrue(e.remoteTrace().contains("cannot travel"));
    }

    /** An exception holding a field that cannot be serialized. */
    public static final class UnserializableFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object lock = new Object();

        UnserializableFailure(String message) {
            super(message);
        }
    }

    @Test
    public void shouldExitMinus15OnTerminate() {
        IpcProcess p = startSleeper();
        p.terminate();
        assertTrue(p.join(Duration.ofSeconds(20)));
        assertEquals(-15, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldExitMinus9OnKill() {
        IpcProcess p = startSleeper();
        p.kill();
        assertTrue(p.join(Duration.ofSeconds(20)));
        assertEquals(-9, p.exitCode().orElseThrow());
    }

    /** Starts a child that says it is up, then sleeps; returns once it is up. */
    private IpcProcess startSleeper() {
        Pipe pipe = ctx().pipe();
        Connection up = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            up.send("up");
            sleepLong();
        })).start();
        assertEquals("up", pipe.left().recv());
        return p;
    }

    static void sleepLong() throws InterruptedException {
        Thread.sleep(120_000);
    }

    @Test
    public void shouldJoinWithTimeout() {
        IpcProcess p = track(ctx().process(ProcessContract::sleepLong)).start();
        try {
            assertTrue(p.isAlive());
            long t0 = System.nanoTime();
            assertFalse(p.join(Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(290).toNanos());
            assertTrue(p.exitCode().isEmpty());
            assertThrows(IllegalStateException.class, p::close);
        } finally {
            reap(p);
        }
        assertTrue(p.join(Duration.ZERO));
    }

    @Test
    public void shouldRefuseASecondStartAndLateOptions() {
        IpcProcess p = track(ctx().process(() -> { })).start();
        assertThrows(IllegalStateException.class, p::start);
        assertThrows(IllegalStateException.class, () -> p.name("late"));
        assertThrows(IllegalStateException.class, () -> p.daemon(true));
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
    }

    @Test
    public void shouldRefusePidAndJoinBeforeStart() {
        IpcProcess p = ctx().process(() -> { });
        assertThrows(IllegalStateException.class, p::pid);
        assertThrows(IllegalStateException.class, p::join);
        p.close();
    }

    @Test
    public void shouldFailAtStartForAnUnserializableArgument() {
        Object notSerializable = new Object();
        IpcProcess p = ctx().process(() -> System.out.println(notSerializable));
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertEquals(ProcessState.NEW, p.state());
        assertTrue(Ipc.activeChildren().isEmpty());
    }

    @Test
    public void shouldPassNameDaemonPidsAndOptionsToTheChild() {
        Pipe pipe = ctx().pipe();
        Connection child = pipe.right();
        IpcProcess p = track(ctx().process(() -> {
            ProcessInfo me = Ipc.currentProcess();
            ProcessInfo parent = Ipc.parentProcess().orElseThrow();
            child.send(new Object[] {me.name(), me.pid(), me.daemon(), parent.pid(), parent.name(),
                    System.getProperty("ipckit.test.option"), System.getenv("IPCKIT_TEST_ENV"),
                    new java.io.File(".").getCanonicalFile().getName()});
        }).name("worker-7").daemon(true).jvmOptions("-Dipckit.test.option=yes")
                .environment(java.util.Map.of("IPCKIT_TEST_ENV", "env-ok"))
                .workingDirectory(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))));
        p.start();
        assertTrue(Ipc.activeChildren().contains(p) || !p.isAlive());
        Object[] got = (Object[]) pipe.left().recv();
        assertEquals("worker-7", got[0]);
        assertEquals(p.pid(), got[1]);
        assertEquals(true, got[2]);
        assertEquals(ProcessHandle.current().pid(), got[3]);
        assertEquals("MainProcess", got[4]);
        assertEquals("yes", got[5]);
        assertEquals("env-ok", got[6]);
        assertEquals(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).toFile().getName(), got[7]);
        p.join();
        assertEquals(0, p.exitCode().orElseThrow());
        assertFalse(Ipc.activeChildren().contains(p));
        assertEquals("MainProcess", Ipc.currentProcess().name());
        assertTrue(Ipc.parentProcess().isEmpty());
    }

    @Test
    public void shouldRunATaskClassByName() {
        IpcProcess p = track(ctx().process(ExitFive.class)).start();
        p.join();
        assertEquals(5, p.exitCode().orElseThrow());
    }

    /** A task class on the class path. */
    public static final class ExitFive implements dev.ipckit.Task {
        private static final long serialVersionUID = 1L;

        @Override
        public void run() {
            System.exit(5);
        }
    }

    @Test
    public void shouldCompleteOnExit() throws Exception {
        IpcProcess p = track(ctx().process(() -> System.exit(7))).start();
        assertEquals(7, p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).exitCode().orElseThrow());
    }
}
