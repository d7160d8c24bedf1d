package dev.ipckit;

/**
 * The other end is gone: it closed its {@link Connection}, the queue was closed, or the process at the
 * other end exited or died. Python raises {@code EOFError} here. Messages already received are still
 * delivered before this is thrown.
 */
public class PeerClosedException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what was closed, and by whom when known */
    public PeerClosedException(String message) {
        super(message);
    }

    /**
     * @param message what was closed
     * @param cause the I/O failure that revealed it
     */
    public PeerClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
