package dev.ipckit.spi;

import dev.ipckit.FrameException;

/**
 * The wire layout of one frame, the unit every transport moves. All integers are big-endian.
 *
 * <pre>
 *  0        1        2        3        4                  8                  12
 *  +--------+--------+--------+--------+------------------+------------------+-----------
 *  | 0x00   | 0xC1   | kind   | codec  | channel (int32)  | length (int32)   | payload...
 *  +--------+--------+--------+--------+------------------+------------------+-----------
 * </pre>
 *
 * <ul>
 *   <li><b>magic</b> {@code 0x00 0xC1}: the first byte is NUL so that text written to a stream outside a
 *       frame (a native library printing to fd 1) can be told apart from a frame and forwarded.</li>
 *   <li><b>kind</b>: a {@link FrameKind}.</li>
 *   <li><b>codec</b>: the {@link dev.ipckit.Serializer#id()} of the payload for data frames, else 0.</li>
 *   <li><b>channel</b>: what the frame is for: a pipe end, a remote call; meaning depends on the kind.</li>
 *   <li><b>length</b>: payload bytes, {@code 0 <= length <= maxFrameSize}.</li>
 * </ul>
 */
public final class FrameDescriptor {
    /** First magic byte. */
    public static final byte MAGIC_0 = 0x00;
    /** Second magic byte. */
    public static final byte MAGIC_1 = (byte) 0xC1;
    /** Offset of the kind byte. */
    public static final int KIND_OFFSET = 2;
    /** Offset of the codec byte. */
    public static final int CODEC_OFFSET = 3;
    /** Offset of the channel. */
    public static final int CHANNEL_OFFSET = 4;
    /** Offset of the payload length. */
    public static final int LENGTH_OFFSET = 8;
    /** Header size in bytes; the payload starts here. */
    public static final int HEADER_LENGTH = 12;
    /** Highest codec id a frame may carry. */
    public static final int MAX_CODEC = 15;

    /** Property that sets the default maximum payload of one frame, in bytes. */
    public static final String MAX_FRAME_SIZE_PROP = "ipckit.maxFrameSize";
    /** Default maximum payload of one frame: 512 MiB. */
    public static final int MAX_FRAME_SIZE_DEFAULT = 512 << 20;

    private FrameDescriptor() {
    }

    /**
     * Writes a header.
     *
     * @param dst the buffer
     * @param offset where the header starts
     * @param kind the frame kind
     * @param codec the codec id
     * @param channel the channel
     * @param length the payload length
     */
    public static void writeHeader(byte[] dst, int offset, FrameKind kind, byte codec, int channel, int length) {
        dst[offset] = MAGIC_0;
        dst[offset + 1] = MAGIC_1;
        dst[offset + KIND_OFFSET] = kind.wire();
        dst[offset + CODEC_OFFSET] = codec;
        putInt(dst, offset + CHANNEL_OFFSET, channel);
        putInt(dst, offset + LENGTH_OFFSET, length);
    }

    /**
     * Checks a header and returns its payload length.
     *
     * @param src the buffer
     * @param offset where the header starts
     * @param maxFrameSize the largest payload accepted
     * @return the payload length
     * @throws dev.ipckit.FrameException for bad magic, an unknown kind or codec, or a bad length
     */
    public static int checkHeader(byte[] src, int offset, int maxFrameSize) {
        if (src[offset] != MAGIC_0 || src[offset + 1] != MAGIC_1) {
            throw new FrameException(String.format("bad frame magic, bytes=0x%02x%02x",
                    src[offset] & 0xff, src[offset + 1] & 0xff));
        }
        FrameKind.of(src[offset + KIND_OFFSET]);
        int codec = src[offset + CODEC_OFFSET];
        if (codec < 0 || codec > MAX_CODEC) {
            throw new FrameException("unknown frame codec, codec=" + codec);
        }
        int length = getInt(src, offset + LENGTH_OFFSET);
        if (length < 0 || length > maxFrameSize) {
            throw new FrameException("frame too long, length=" + Integer.toUnsignedString(length)
                    + ", maxFrameSize=" + maxFrameSize);
        }
        return length;
    }

    /**
     * @param src a buffer
     * @param offset where the int starts
     * @return the big-endian int there
     */
    public static int getInt(byte[] src, int offset) {
        return (src[offset] & 0xff) << 24 | (src[offset + 1] & 0xff) << 16
                | (src[offset + 2] & 0xff) << 8 | (src[offset + 3] & 0xff);
    }

    /**
     * @param dst a buffer
     * @param offset where the int goes
     * @param value the int, written big-endian
     */
    public static void putInt(byte[] dst, int offset, int value) {
        dst[offset] = (byte) (value >>> 24);
        dst[offset + 1] = (byte) (value >>> 16);
        dst[offset + 2] = (byte) (value >>> 8);
        dst[offset + 3] = (byte) value;
    }

    /** @return the maximum frame size set by {@value #MAX_FRAME_SIZE_PROP}, else the default */
    public static int defaultMaxFrameSize() {
        return Integer.getInteger(MAX_FRAME_SIZE_PROP, MAX_FRAME_SIZE_DEFAULT);
    }
}
