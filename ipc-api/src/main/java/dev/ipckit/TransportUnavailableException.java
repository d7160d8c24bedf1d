package dev.ipckit;

/**
 * No usable transport: none on the class path, an unknown name, several found with none chosen, or one
 * that cannot run here (a missing JVM flag, an unsupported OS). The message lists what was found.
 */
public class TransportUnavailableException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked for and what was found */
    public TransportUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what was asked for and what was found
     * @param cause why the transport is unavailable
     */
    public TransportUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
