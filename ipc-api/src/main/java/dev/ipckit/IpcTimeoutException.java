package dev.ipckit;

/**
 * An operation did not complete within its time limit: a child that never answered the start
 * handshake, a remote call whose peer stopped answering. Plain "nothing yet" results (an empty
 * {@code poll}, a full {@code offer}) are return values, not this exception.
 */
public class IpcTimeoutException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what timed out, with the limit */
    public IpcTimeoutException(String message) {
        super(message);
    }
}
