package dev.ipckit;

import java.util.List;

/**
 * A pool worker died while it held a task: killed, {@code System.exit}, out of memory, a JVM crash.
 * Only the tasks that worker held fail with this; the pool starts a replacement and every other task
 * goes on. Names the worker, its pid, its exit code (−9 for SIGKILL) and its last lines of stderr —
 * unlike Python's {@code BrokenProcessPool}, which names nothing and breaks the pool for good.
 */
public class WorkerDiedException extends ProcessDiedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what what the death interrupted
     * @param worker the worker's name
     * @param pid its pid
     * @param exitCode its exit code, Python's convention
     * @param stderrTail its last lines of stderr
     */
    public WorkerDiedException(String what, String worker, long pid, int exitCode, List<String> stderrTail) {
        super(what, worker, pid, exitCode, stderrTail);
    }
}
