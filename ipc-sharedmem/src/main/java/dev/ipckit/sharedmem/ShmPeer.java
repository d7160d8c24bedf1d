package dev.ipckit.sharedmem;

import dev.ipckit.spi.Pids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process at the other end of a link, watched by pid: a killed peer never writes an end-of-stream
 * marker, so its death is noticed by asking the operating system. The handle remembers the start time,
 * so a recycled pid is not taken for the peer.
 *
 * <p><b>Thread-safe.</b>
 */
final class ShmPeer {
    private final long pid;
    private final ProcessHandle handle;

    private ShmPeer(long pid, ProcessHandle handle) {
        this.pid = pid;
        this.handle = handle;
    }

    /**
     * @param pid the peer's pid
     * @return a watch on it; one that reports dead at once if no such process exists
     */
    static ShmPeer of(long pid) {
        return new ShmPeer(pid, ProcessHandle.of(pid).orElse(null));
    }

    /** @return the peer's pid */
    long pid() {
        return pid;
    }

    /** @return whether the peer still runs */
    boolean isAlive() {
        return handle != null && handle.isAlive() && Pids.isRunning(pid);
    }

    /**
     * @param pid a pid
     * @return whether a process runs under it (not a zombie)
     */
    static boolean isRunning(long pid) {
        return Pids.isRunning(pid);
    }
}
