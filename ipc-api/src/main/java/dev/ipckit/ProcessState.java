package dev.ipckit;

/**
 * The lifecycle of an {@link IpcProcess}. Transitions, and nothing else:
 * <pre>
 *   NEW --start()--> STARTED --the child ends--> STOPPED --close()--> CLOSED
 *   NEW --close()--> CLOSED
 * </pre>
 */
public enum ProcessState {
    /** Configured, not started: options may still change. */
    NEW,
    /** {@code start()} was called; the child may be starting, running or exiting. */
    STARTED,
    /** The child has ended and its exit code is known. */
    STOPPED,
    /** Resources released; only the name, pid and exit code may still be read. */
    CLOSED
}
