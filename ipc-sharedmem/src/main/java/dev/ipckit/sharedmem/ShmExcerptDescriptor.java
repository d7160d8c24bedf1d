package dev.ipckit.sharedmem;

/**
 * The layout of one Chronicle excerpt on a link: one excerpt per frame, plus two control excerpts.
 * Integers are in the machine's byte order (both processes are on one machine). Chronicle's own header
 * before it holds the excerpt's length and whether it is complete.
 *
 * <pre>
 *  0        1        2        3        4                  8                  12
 *  +--------+--------+--------+--------+------------------+------------------+-----------
 *  | type   | kind   | codec  | 0      | channel (int32)  | length (int32)   | payload...
 *  +--------+--------+--------+--------+------------------+------------------+-----------
 * </pre>
 *
 * <ul>
 *   <li><b>type</b> {@link #FRAME}: a {@link dev.ipckit.spi.Frame}, the rest as in
 *       {@link dev.ipckit.spi.FrameDescriptor}; {@code length} must equal what follows.</li>
 *   <li><b>type</b> {@link #END}: the writer shut its output down; the reader ends cleanly. Nothing follows
 *       the type byte.</li>
 *   <li><b>type</b> {@link #CONNECT}: first excerpt from the child; bytes 4–11 hold its pid (int64).</li>
 * </ul>
 */
final class ShmExcerptDescriptor {
    /** A frame. */
    static final byte FRAME = 1;
    /** End of stream. */
    static final byte END = 2;
    /** The child is connected; carries its pid. */
    static final byte CONNECT = 3;

    /** Offset of the kind byte. */
    static final int KIND_OFFSET = 1;
    /** Offset of the codec byte. */
    static final int CODEC_OFFSET = 2;
    /** Offset of the channel. */
    static final int CHANNEL_OFFSET = 4;
    /** Offset of the payload length. */
    static final int LENGTH_OFFSET = 8;
    /** Offset of the pid in a {@link #CONNECT} excerpt. */
    static final int PID_OFFSET = 4;
    /** Header size of a frame excerpt; the payload starts here. */
    static final int HEADER_LENGTH = 12;

    private ShmExcerptDescriptor() {
    }
}
