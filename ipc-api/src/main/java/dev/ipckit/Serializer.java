package dev.ipckit;

import java.io.Serializable;

/**
 * Turns objects into the bytes of one frame and back. Pluggable per context with
 * {@link IpcContext#withSerializer(Serializer)}; the choices are in {@link dev.ipckit.serial.Serializers}.
 *
 * <p>Every frame carries the {@link #id()} of the serializer that wrote it. A receiver decodes only
 * frames written with its own serializer or as raw bytes, so a peer cannot pick a laxer codec to slip
 * past an allow-list.
 *
 * <p>A serializer is itself {@link Serializable}: its configuration (strict mode, allow-lists) travels to
 * every child in the bootstrap, so both ends decode with the same rules.
 *
 * <p><b>Implementations are thread-safe</b>: one instance serves every thread of a process.
 */
public interface Serializer extends Serializable {

    /** Wire id of raw bytes: the payload is the {@code byte[]} itself. */
    byte RAW_ID = 0;
    /** Wire id of Java serialization. */
    byte JAVA_ID = 1;
    /** Wire id of Kryo. */
    byte KRYO_ID = 2;
    /** Wire id of Apache Fory ({@link dev.ipckit.serial.ForySerializer}, optional fory-core). */
    byte FORY_ID = 3;

    /** @return the id written into each frame header; 0..15 are reserved for ipckit's own serializers */
    byte id();

    /** @return a short name for messages and the command line: {@code kryo}, {@code fory}, {@code java}, {@code raw} */
    String name();

    /**
     * Encodes one object.
     *
     * @param value the object, may be null where the serializer supports it
     * @return the bytes; may be the caller's own array (raw bytes do not copy), so the caller must not
     *     change it until it has been sent
     * @throws SerializationException naming the class that could not be encoded
     */
    byte[] encode(Object value);

    /**
     * Decodes one object from bytes produced by {@link #encode(Object)} of an equal serializer.
     *
     * @param bytes the frame payload; the serializer may keep it (raw bytes return it as is)
     * @return the object
     * @throws SerializationException for corrupt data or a class the configuration refuses
     */
    Object decode(byte[] bytes);

    /**
     * Prepares for first use (loads classes, builds caches) so that the first message does not pay for
     * it. A child JVM calls this on a background thread while it connects to its parent. The default does
     * nothing.
     */
    default void warmUp() {
    }
}
