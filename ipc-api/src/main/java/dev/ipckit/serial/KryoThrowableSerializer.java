package dev.ipckit.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Writes a {@link Throwable} inside a Kryo graph with Java serialization. Kryo's field serializer cannot reach
 * the private fields of {@code java.lang.Throwable} on Java 17 without {@code --add-opens}; Java
 * serialization keeps the message, cause, stack trace and suppressed exceptions, and its reads go through
 * the same kind of {@link java.io.ObjectInputFilter} as {@link JavaSerializer}.
 */
final class KryoThrowableSerializer extends Serializer<Throwable> {
    private final JavaSerializer java;

    KryoThrowableSerializer(JavaSerializer java) {
        this.java = java;
    }

    @Override
    public void write(Kryo kryo, Output output, Throwable throwable) {
        byte[] bytes = java.encode(throwable);
        output.writeVarInt(bytes.length, true);
        output.writeBytes(bytes);
    }

    @Override
    public Throwable read(Kryo kryo, Input input, Class<? extends Throwable> type) {
        Object value = java.decode(input.readBytes(input.readVarInt(true)));
        if (!type.isInstance(value)) {
            throw new KryoException("throwable decode found another type, expected=" + type.getName()
                    + ", found=" + (value == null ? "null" : value.getClass().getName()));
        }
        return type.cast(value);
    }
}
