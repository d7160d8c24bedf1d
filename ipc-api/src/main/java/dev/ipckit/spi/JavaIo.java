package dev.ipckit.spi;

import dev.ipckit.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * Java serialization for ipckit's own control data (tasks, bootstraps, error reports), where the JDK's
 * serialization is always present and nothing else needs loading in a fresh child.
 */
public final class JavaIo {
    private JavaIo() {
    }

    /**
     * @param what names the object for the message, such as {@code task}
     * @param value the object
     * @return its bytes
     * @throws SerializationException naming the class that is not serializable
     */
    public static byte[] serialize(String what, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new SerializationException(what + " cannot be serialized, class=" + e.getMessage()
                    + " (every value a task captures must be java.io.Serializable)", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(what + " cannot be serialized, class="
                    + value.getClass().getName() + ", cause=" + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param what names the object for the message
     * @param bytes what {@link #serialize} made
     * @return the object
     * @throws SerializationException if it cannot be read
     */
    public static Object deserialize(String what, byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (ClassNotFoundException | InvalidClassException e) {
            throw new SerializationException(what + " cannot be deserialized, class=" + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(what + " cannot be deserialized, cause=" + e, e);
        }
    }
}
