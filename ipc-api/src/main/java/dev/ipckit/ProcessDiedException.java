package dev.ipckit;

import java.util.List;

/**
 * The process at the other end died: it ended with a non-zero exit code (−9 for SIGKILL, in Python's
 * convention) while something still depended on it — a pipe end it held, a reply it owed. A
 * {@link PeerClosedException}, so code that handles "the other end is gone" handles this too; names the
 * process, its pid, its exit code and the last lines it wrote to stderr.
 */
public class ProcessDiedException extends PeerClosedException {
    private static final long serialVersionUID = 1L;

    private final String processName;
    private final long pid;
    private final int exitCode;
    private final List<String> stderrTail;

    /**
     * @param what what the death interrupted
     * @param processName the child's name
     * @param pid the child's pid
     * @param exitCode the exit code, negative for a signal
     * @param stderrTail the last lines of the child's stderr, oldest first
     */
    public ProcessDiedException(String what, String processName, long pid, int exitCode, List<String> stderrTail) {
        super(what + ", process=" + processName + ", pid=" + pid + ", exitCode=" + exitCode
                + (stderrTail.isEmpty() ? "" : ", stderr tail:\n  " + String.join("\n  ", stderrTail)));
        this.processName = processName;
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderrTail = List.copyOf(stderrTail);
    }

    /** @return the name of the process that died */
    public String processName() {
        return processName;
    }

    /** @return its pid */
    public long pid() {
        return pid;
    }

    /** @return its exit code in Python's convention: {@code -N} when killed by signal N */
    public int exitCode() {
        return exitCode;
    }

    /** @return the last lines it wrote to stderr, oldest first */
    public List<String> stderrTail() {
        return stderrTail;
    }
}
