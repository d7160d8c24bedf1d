package dev.ipckit;

/**
 * Who a process is: what {@link Ipc#currentProcess()} and {@link Ipc#parentProcess()} return.
 *
 * @param name its name: {@code MainProcess} for a JVM not started by ipckit, as in Python
 * @param pid its operating-system pid
 * @param daemon whether it was started as a daemon
 */
public record ProcessInfo(String name, long pid, boolean daemon) {
}
