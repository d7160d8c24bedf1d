package dev.ipckit;

/**
 * A peer failed to prove it holds the authkey, or this side could not prove it: a wrong key, no key, a
 * truncated or garbled handshake, one that stalled. Nothing from that peer was deserialized.
 */
public class AuthenticationException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with the address; never the key */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * @param message what failed, with the address; never the key
     * @param cause the I/O failure behind it
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
