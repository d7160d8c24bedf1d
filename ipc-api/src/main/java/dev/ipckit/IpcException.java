package dev.ipckit;

/**
 * The root of every error ipckit raises. Unchecked, like {@link java.io.UncheckedIOException}: the
 * subclasses name the cause, so callers catch exactly what they can handle.
 *
 * <p>Messages read {@code what failed, key=value}.
 */
public class IpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the values that matter */
    public IpcException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the values that matter
     * @param cause the underlying failure
     */
    public IpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
