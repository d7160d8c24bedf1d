package dev.ipckit.serial;

import dev.ipckit.SerializationException;
import org.apache.fory.config.Config;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.serializer.Serializer;

/**
 * A {@link Throwable} inside a Fory graph, as {@link KryoThrowableSerializer} writes one inside a Kryo graph:
 * Java serialization (which keeps the cause, the suppressed exceptions and the stack trace, and runs the
 * class's own {@code readObject}), filtered by the serializer's {@link JavaSerializer}, behind its length.
 */
final class ForyThrowableSerializer extends Serializer<Object> {
    private final JavaSerializer java;

    @SuppressWarnings({"rawtypes", "unchecked"}) // Fory's serializers are typed by the class they serve
    ForyThrowableSerializer(Config config, Class<?> type, JavaSerializer java) {
        super(config, (Class) type, config.trackingRef());
        this.java = java;
    }

    @Override
    public void write(WriteContext context, Object value) {
        byte[] bytes = java.encode(value);
        MemoryBuffer buffer = context.getBuffer();
        buffer.writeVarUInt32(bytes.length);
        buffer.writeBytes(bytes);
    }

    @Override
    public Object read(ReadContext context) {
        MemoryBuffer buffer = context.getBuffer();
        int length = buffer.readVarUInt32();
        if (length < 0 || length > buffer.remaining()) {
            throw new SerializationException("fory decode failed: declared length exceeds the bytes left, length="
                    + length + ", remaining=" + buffer.remaining());
        }
        return java.decode(buffer.readBytes(length));
    }
}
