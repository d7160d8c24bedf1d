package dev.ipckit;

/**
 * A frame on a link broke the wire format: bad magic, an unknown kind, a length above the maximum
 * frame size, a frame cut short. The link that carried it is closed; the parent and its other children
 * go on.
 */
public class FrameException extends IpcException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong with the frame, with the offending values */
    public FrameException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong with the frame
     * @param cause the I/O failure behind it
     */
    public FrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
