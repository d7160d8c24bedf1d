package dev.ipckit.serial;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import java.nio.ByteBuffer;

/**
 * Raw bytes: the payload is the caller's {@code byte[]} itself, for callers that do their own encoding.
 *
 * <p>{@link #encode(Object)} takes a {@code byte[]} (returned as is, not copied) or a {@link ByteBuffer}
 * (its remaining bytes; the buffer's position does not move). {@link #decode(byte[])} returns the
 * received array as is. Anything else, and {@code null}, is refused.
 *
 * <p><b>Thread-safe and stateless.</b>
 */
public final class RawBytesSerializer implements Serializer {
    private static final long serialVersionUID = 1L;

    /** Creates the raw-bytes serializer; all instances are equal. */
    public RawBytesSerializer() {
    }

    @Override
    public byte id() {
        return RAW_ID;
    }

    @Override
    public String name() {
        return "raw";
    }

    /**
     * Returns the bytes to send without copying where possible.
     *
     * @param value a {@code byte[]}, returned as is; or a {@link ByteBuffer}, whose backing array is
     *     returned when it holds exactly the remaining bytes, else one copy of them
     * @return the payload
     * @throws SerializationException for null or any other type
     */
    @Override
    public byte[] encode(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            return bytesOf(buffer);
        }
        String type = value == null ? "null" : value.getClass().getName();
        throw new SerializationException(
                "raw encode failed: raw bytes only carry byte[] or ByteBuffer, class=" + type);
    }

    /**
     * Returns the payload as received.
     *
     * @param bytes the frame payload
     * @return {@code bytes} itself
     * @throws SerializationException if {@code bytes} is null
     */
    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("raw decode failed: payload is null");
        }
        return bytes;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0
                && buffer.position() == 0 && buffer.limit() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy); // a duplicate so the caller's position stays put
        return copy;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawBytesSerializer;
    }

    @Override
    public int hashCode() {
        return RawBytesSerializer.class.hashCode();
    }

    @Override
    public String toString() {
        return "RawBytesSerializer";
    }
}
