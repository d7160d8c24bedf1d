package dev.ipckit.spi;

/**
 * Receives what a {@link Link} reads. Called on the link's own reader thread, one frame at a time and in
 * order; an implementation hands slow work to another thread rather than block the link.
 */
public interface FrameHandler {

    /**
     * A frame arrived.
     *
     * @param frame the frame
     */
    void onFrame(Frame frame);

    /**
     * The link is closed for reading and will deliver nothing more. Called exactly once.
     *
     * @param cause null at a clean end of stream or a local close, else why the link broke (a
     *     {@link dev.ipckit.FrameException} for a bad frame)
     */
    void onClosed(Throwable cause);
}
