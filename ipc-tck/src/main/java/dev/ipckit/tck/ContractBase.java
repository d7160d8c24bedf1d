package dev.ipckit.tck;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The base of every contract test: a context on the transport under test, a time limit on each test,
 * and a check after each test that it left no child process running. A leak is killed (by pid, only
 * processes this JVM started) and fails the test.
 *
 * <p>A transport module subclasses each contract and names its transport in {@link #transport()}.
 */
@Timeout(90)
public abstract class ContractBase {
    private static final Duration LEAK_GRACE = Duration.ofSeconds(5);

    private final List<IpcProcess> started = new ArrayList<>();
    private Set<Long> childrenBefore;

    /** @return the name of the transport under test */
    protected abstract String transport();

    /** @return a context on the transport under test */
    protected IpcContext ctx() {
        return Ipc.context(transport());
    }

    /**
     * Registers a process for the leak check's report.
     *
     * @param p a process
     * @return the same process
     */
    protected IpcProcess track(IpcProcess p) {
        started.add(p);
        return p;
    }

    @BeforeEach
    void recordChildren() {
        childrenBefore = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @AfterEach
    void noChildLeftBehind() throws InterruptedException {
        long deadline = System.nanoTime() + LEAK_GRACE.toNanos();
        List<ProcessHandle> left;
        while (true) {
            left = ProcessHandle.current().children()
                    .filter(ProcessHandle::isAlive)
                    .filter(h -> !childrenBefore.contains(h.pid()))
                    .toList();
            if (left.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(50);
        }
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            fail("test left child processes running: " + left.stream().map(h -> h.pid() + " "
                    + h.info().commandLine().orElse("?")).toList() + ", tracked=" + started);
        }
    }

    /**
     * Ends a process this test started, if it still runs, and waits for it.
     *
     * @param p the process
     */
    protected static void reap(IpcProcess p) {
        if (p.isAlive()) {
            p.kill();
        }
        p.join(Duration.ofSeconds(10));
    }

    /**
     * Waits until a pid is gone.
     *
     * @param pid a process id
     * @param timeout the longest wait
     * @return whether it was gone in time
     * @throws InterruptedException if interrupted
     */
    protected static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning(pid)) {
                return true;
            }
            Thread.sleep(10);
        }
        return !isRunning(pid);
    }

    /**
     * Whether a process is running. An orphan that has exited stays a zombie until the machine's init
     * reaps it, and {@link ProcessHandle#isAlive()} still says true for a zombie; it has ended all the
     * same, so on Linux the state in {@code /proc/<pid>/stat} decides.
     *
     * @param pid a process id
     * @return whether it exists and is not a zombie
     */
    protected static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        java.nio.file.Path stat = java.nio.file.Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = java.nio.file.Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException | RuntimeException e) {
            return !java.nio.file.Files.notExists(stat) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
