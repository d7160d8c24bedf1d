package dev.ipckit;

/**
 * An object could not be turned into bytes, or bytes into an object: a class that is not
 * serializable, a class an allow-list refuses, corrupt data. Raised in the caller, at {@code start()} or
 * {@code send()}, before anything crosses to the other process.
 */
public class SerializationException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what could not be (de)serialized, naming the class */
    public SerializationException(String message) {
        super(message);
    }

    /**
     * @param message what could not be (de)serialized, naming the class
     * @param cause the serializer's own error
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
