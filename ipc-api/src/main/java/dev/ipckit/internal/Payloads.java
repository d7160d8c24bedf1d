package dev.ipckit.internal;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;

/** Objects in and out of data frames, with the codec check every receiver makes. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * @param kind the frame kind
     * @param channel the channel
     * @param message the object
     * @param serializer the serializer
     * @return a frame carrying the serialized object
     */
    public static Frame encode(FrameKind kind, int channel, Object message, Serializer serializer) {
        return new Frame(kind, serializer.id(), channel, serializer.encode(message));
    }

    /**
     * Decodes a payload written with the receiver's serializer, or raw bytes. Any other codec is refused
     * so that a peer cannot choose a laxer serializer than the receiver's.
     *
     * @param codec the codec id from the frame
     * @param payload the bytes
     * @param serializer the receiver's serializer
     * @return the object; a {@code byte[]} for raw payloads
     */
    public static Object decode(byte codec, byte[] payload, Serializer serializer) {
        if (codec == Serializer.RAW_ID) {
            return payload;
        }
        if (codec != serializer.id()) {
            throw new SerializationException("message written with another serializer, codec=" + codec
                    + ", expected=" + serializer.id() + " (" + serializer.name() + ")");
        }
        return serializer.decode(payload);
    }
}
