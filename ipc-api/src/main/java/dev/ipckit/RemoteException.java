package dev.ipckit;

/**
 * An exception thrown in another process, carried back with that process's stack trace: Python's
 * {@code RemoteTraceback}. {@link #remoteClassName()} names the original type; when the original could
 * be deserialized here it is also the {@linkplain #getCause() cause}. An exception that cannot be
 * serialized still arrives, as its class name, message and trace text.
 */
public class RemoteException extends IpcException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteTrace;

    /**
     * @param where the process it was thrown in, for the message
     * @param remoteClassName the original exception's class
     * @param remoteMessage the original message, may be null
     * @param remoteTrace the original stack trace, as {@link Throwable#printStackTrace()} printed it
     * @param original the original exception if it could be deserialized, else null
     */
    public RemoteException(String where, String remoteClassName, String remoteMessage, String remoteTrace,
                           Throwable original) {
        super(remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage) + " (in " + where + ")"
                + "\n\"\"\"\n" + remoteTrace.stripTrailing() + "\n\"\"\"", original);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteTrace = remoteTrace;
    }

    /** @return the fully qualified class name of the exception thrown remotely */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** @return its message, or null */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** @return its stack trace text as printed in the remote process */
    public String remoteTrace() {
        return remoteTrace;
    }
}
