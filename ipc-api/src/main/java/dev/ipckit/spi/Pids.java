package dev.ipckit.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs, by pid, on every platform the JDK knows, and zombie-aware on Linux. */
public final class Pids {
    private static final long SELF = ProcessHandle.current().pid();

    private Pids() {
    }

    /** @return this process's pid */
    public static long self() {
        return SELF;
    }

    /**
     * @param pid a pid
     * @return whether a process runs under it: not gone, not a zombie waiting to be reaped
     */
    public static boolean isRunning(long pid) {
        if (pid == SELF) {
            return true;
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    /**
     * A killed process stays a zombie until its parent reaps it, and {@link ProcessHandle#isAlive()} still
     * says true then; on Linux, {@code /proc/<pid>/stat} tells.
     */
    private static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            char state = s.charAt(s.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc, or gone in between: trust the handle
        }
    }
}
