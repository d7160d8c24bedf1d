package dev.ipckit.spi;

/**
 * One frame: a kind, the codec of its payload, a channel and the payload bytes. Immutable by contract:
 * nobody changes {@code payload} after the frame is made.
 *
 * @param kind what the frame carries
 * @param codec the serializer id of a data payload, else 0
 * @param channel the channel, whose meaning depends on the kind
 * @param payload the payload, exactly its length
 */
public record Frame(FrameKind kind, byte codec, int channel, byte[] payload) {

    /** An empty payload. */
    public static final byte[] NO_PAYLOAD = new byte[0];

    /**
     * @param kind the kind
     * @param channel the channel
     * @return a frame without payload
     */
    public static Frame of(FrameKind kind, int channel) {
        return new Frame(kind, (byte) 0, channel, NO_PAYLOAD);
    }

    /** @return header plus payload bytes, for back-pressure accounting */
    public int wireLength() {
        return FrameDescriptor.HEADER_LENGTH + payload.length;
    }

    @Override
    public String toString() {
        return "Frame[kind=" + kind + ", codec=" + codec + ", channel=" + channel + ", length=" + payload.length + "]";
    }
}
