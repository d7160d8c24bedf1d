package dev.ipckit;

/**
 * This process closed the queue it used: the owner called {@link Queue#close()} (the queue is closed for
 * everyone), or another process closed its own handle (its use ended). Using the queue afterwards is misuse
 * on this side, not a peer that left, so it is an {@link IllegalStateException} — Python raises
 * {@code ValueError} for an operation on a closed queue. The other processes of a queue its owner closed
 * see {@link PeerClosedException} instead.
 */
public class QueueClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message which queue, and who closed it */
    public QueueClosedException(String message) {
        super(message);
    }
}
