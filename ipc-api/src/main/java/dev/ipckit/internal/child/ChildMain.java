package dev.ipckit.internal.child;

import dev.ipckit.ProcessInfo;
import dev.ipckit.Task;
import dev.ipckit.internal.Assignment;
import dev.ipckit.internal.Bootstrap;
import dev.ipckit.internal.Transports;
import dev.ipckit.spi.ErrorReport;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.JavaIo;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.Transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main class of every child JVM. Reads the bootstrap from stdin, connects to the parent, runs the
 * task, and reports how it ended:
 * <ul>
 *   <li>the task returns: the JVM ends when its non-daemon threads do, exit code 0;</li>
 *   <li>the task throws: a Python-style traceback on stderr, the exception to the parent, exit code 1;</li>
 *   <li>any exit through the shutdown hooks ({@code System.exit(N)} included) sends EXIT first, so the
 *       parent can tell {@code exit(137)} from SIGKILL; SIGTERM does not, so it reads −15;</li>
 *   <li>the parent goes away (stdin EOF, or its pid ends): the child exits within a second.</li>
 * </ul>
 */
public final class ChildMain {
    private static final Duration EXIT_FLUSH = Duration.ofSeconds(2);
    private static final int PARENT_WATCH_MILLIS = 200;

    private static volatile boolean terminated;
    private static volatile boolean exiting;
    private static volatile long parentPid = -1;
    private static final AtomicBoolean HALT_ARMED =
            new AtomicBoolean();

    private ChildMain() {
    }

    /**
     * @param args unused: everything comes on stdin
     * @throws Exception if the child cannot start at all
     */
    public static void main(String[] args) throws Exception {
        InputStream stdin = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 64 * 1024);
        OutputStream fd1 = new FileOutputStream(FileDescriptor.out);
        Bootstrap b = Bootstrap.readFrom(stdin);
        Thread.currentThread().setName(b.name());
        Thread warmUp = new Thread(b.serializer()::warmUp, "ipckit-serializer-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        Transport transport = Transports.find(b.transport());
        Link link = transport.child(b.properties(), stdin, fd1,
                new LinkOptions(b.name(), b.maxFrameSize(), b.authkey(), b.waitStrategy()));
        if (transport.usesChildStdout()) {
            System.setOut(new PrintStream(new BufferedOutputStream(new ChildStdout(link), 8192), true));
        }
        ChildRuntime rt = ChildRuntime.install(b, link, ChildMain::parentLost);
        installExitReport(link);
        watchParent(b.parentPid());
        if (!transport.usesChildStdout()) {
            watchStdin(stdin);
        }
        link.send(new Frame(FrameKind.HELLO, (byte) 0, 0,
                ByteBuffer.allocate(8).putLong(ProcessHandle.current().pid()).array()));
        String name = b.name();
        try {
            byte[] taskBytes = b.task();
            if (b.spare()) {
                warmUpForTask();
                Assignment a = awaitAssignment(rt);
                name = a.name();
                Thread.currentThread().setName(name);
                rt.assigned(new ProcessInfo(name, ProcessHandle.current().pid(), a.daemon()));
                taskBytes = a.task();
            }
            Task task = (Task) JavaIo.deserialize("task", taskBytes, rt::resolve);
            task.run();
        } catch (Throwable t) {
            System.out.flush();
            System.err.println("Process " + name + ":");
            System.err.print("Traceback (most recent call last, in the child JVM):\n");
            t.printStackTrace();
            System.err.flush();
            try {
                link.send(new Frame(FrameKind.ERROR, (byte) 0, 0, JavaIo.serialize("error", ErrorReport.of(t))));
            } catch (RuntimeException ignored) {
                // the parent is gone
            }
            System.exit(1);
        }
        System.out.flush();
    }

    /**
     * What a spare does while it waits, so that its task starts on warm paths: a serializable lambda and an
     * assignment through Java serialization and back (the first lambda a JVM deserializes costs tens of
     * milliseconds of method-handle set-up). No user code runs.
     */
    private static void warmUpForTask() {
        try {
            Task noop = () -> { };
            byte[] task = JavaIo.serialize("warm-up task", noop);
            ((Task) JavaIo.deserialize("warm-up task", task)).run();
            JavaIo.deserialize("warm-up", JavaIo.serialize("warm-up", new Assignment("warm-up", true, task)));
        } catch (Exception e) {
            // a warm-up only: the real task reports its own failure
        }
    }

    /**
     * A warm spare waits here, connected, until the parent gives it a task. Before that the parent may send
     * warm-up jobs (an assignment with no name: ipckit's own task, over a real pipe end), run at once so that
     * the user's task finds those paths warm. Only the parent's going away ends the wait (the link closes,
     * and the parent-lost exit runs).
     */
    private static Assignment awaitAssignment(ChildRuntime rt) throws Exception {
        while (true) {
            Assignment a = (Assignment) rt.nextAttachment();
            if (a.name() != null) {
                return a;
            }
            try {
                ((Task) JavaIo.deserialize("warm-up", a.task(), rt::resolve)).run();
            } catch (Exception e) {
                // a warm-up only: the real task reports its own failure
            }
        }
    }

    private static void installExitReport(Link link) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> {
                terminated = true;
                System.exit(128 + 15);
            });
        } catch (IllegalArgumentException e) {
            // the JVM runs with -Xrs or the signal is taken: SIGTERM then ends the JVM its own way
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.flush();
            boolean report = !terminated && !exiting;
            exiting = true; // from here, the parent closing our stdin is expected, not a lost parent
            ChildRuntime rt = ChildRuntime.orNull();
            if (rt != null) {
                rt.calls().releaseAll(); // prefetched queue items go back before this process is gone
            }
            if (report) {
                try {
                    link.send(Frame.of(FrameKind.EXIT, 0));
                    link.flush(EXIT_FLUSH);
                } catch (RuntimeException ignored) {
                    // the parent is gone
                }
            }
        }, "ipckit-exit-report"));
    }

    /**
     * Whether the parent runs. A killed parent stays a zombie until its own parent reaps it, and
     * {@link ProcessHandle#isAlive()} says true for a zombie; on Linux its state in {@code /proc} decides.
     */
    private static boolean parentAlive() {
        long pid = parentPid;
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc (not Linux): the handle's answer stands
        }
    }

    /** Halts this JVM half a second from now, whatever its shutdown hooks are doing. Once. */
    private static void armHalt() {
        if (!HALT_ARMED.compareAndSet(false, true)) {
            return;
        }
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(1);
        }, "ipckit-orphan-halt");
        killer.setDaemon(true);
        killer.start();
    }

    private static void watchParent(long parentPid) {
        ChildMain.parentPid = parentPid;
        Thread t = new Thread(() -> {
            while (parentAlive()) {
                try {
                    Thread.sleep(PARENT_WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            parentLost();
        }, "ipckit-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * When frames do not travel on stdin, its end still says the parent is gone, at once: the kernel
     * closes the pipe when the parent dies, however it dies. The parent closes it on purpose when this
     * child reports its exit.
     */
    private static void watchStdin(InputStream stdin) {
        Thread t = new Thread(() -> {
            byte[] sink = new byte[256];
            try {
                while (stdin.read(sink) >= 0) {
                    // nothing else comes on stdin after the bootstrap
                }
            } catch (IOException ignored) {
                // closed: the same as the end of the stream
            }
            parentLost();
        }, "ipckit-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The parent is gone: nobody can read what this child does, so it ends, hooks first, halt at worst.
     * Also when the child was already exiting (its task returned, or failed because the link closed): its
     * exit report would wait up to {@link #EXIT_FLUSH} on a link nobody reads, so once the parent process
     * is really gone the halt is armed all the same. A parent that closed our stdin after our exit report
     * is alive, and the exit goes on at its own pace.
     */
    private static void parentLost() {
        if (exiting) {
            if (!parentAlive()) {
                armHalt();
            }
            return;
        }
        exiting = true;
        armHalt();
        Thread exit = new Thread(() -> System.exit(1), "ipckit-orphan-exit");
        exit.setDaemon(true);
        exit.start();
    }
}
