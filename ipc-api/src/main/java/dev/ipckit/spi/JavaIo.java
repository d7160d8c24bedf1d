package dev.ipckit.spi;

import dev.ipckit.SerializationException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.function.UnaryOperator;

/**
 * Java serialization for ipckit's own control data (tasks, bootstraps, error reports), where the JDK's
 * serialization is always present and nothing else needs loading in a fresh child.
 *
 * <p>A hand-over (a task that starts a child, an attachment for a listener's client) gives the encoder a
 * <em>replacer</em> and the receiving runtime gives the decoder a <em>resolver</em>, through the streams'
 * own hooks ({@link ObjectOutputStream#replaceObject}, {@link ObjectInputStream#resolveObject}), as JDK
 * RMI swaps remote objects for stubs: a pipe end or a queue becomes a small reference on the way out and a
 * handle of the receiving process on the way in. The handles themselves are not {@link java.io.Serializable},
 * so one written anywhere else (no replacer, another serializer, a user's own stream) is refused.
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
        return serialize(what, value, UnaryOperator.identity());
    }

    /**
     * @param what names the object for the message, such as {@code task}
     * @param value the object
     * @param replacer called with every object of the graph before it is written; what it returns is
     *     written instead (itself, a serializable stand-in, or it throws)
     * @return its bytes
     * @throws SerializationException naming the class that is not serializable, or why the replacer
     *     refused an object
     */
    public static byte[] serialize(String what, Object value, UnaryOperator<Object> replacer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (ObjectOutputStream out = new Replacing(bytes, replacer)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            String hint = e.getMessage() != null && e.getMessage().startsWith("dev.ipckit.internal.")
                    ? " (a pipe end or a queue crosses to another process only inside the task that starts it,"
                    + " or in a hand-over to a listener's client)"
                    : " (every value a task captures must be java.io.Serializable)";
            throw new SerializationException(what + " cannot be serialized, class=" + e.getMessage() + hint, e);
        } catch (SerializationException e) {
            throw e; // the replacer refused an object, and said why
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
        return deserialize(what, bytes, UnaryOperator.identity());
    }

    /**
     * @param what names the object for the message
     * @param bytes what {@link #serialize} made
     * @param resolver called with every object read; what it returns takes its place in the graph
     * @return the object
     * @throws SerializationException if it cannot be read
     */
    public static Object deserialize(String what, byte[] bytes, UnaryOperator<Object> resolver) {
        try (ObjectInputStream in = new Resolving(new ByteArrayInputStream(bytes), resolver)) {
            return in.readObject();
        } catch (ClassNotFoundException | InvalidClassException e) {
            throw new SerializationException(what + " cannot be deserialized, class=" + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(what + " cannot be deserialized, cause=" + e, e);
        }
    }

    /** An output stream whose objects pass through a replacer. */
    private static final class Replacing extends ObjectOutputStream {
        private final UnaryOperator<Object> replacer;

        Replacing(ByteArrayOutputStream out, UnaryOperator<Object> replacer) throws IOException {
            super(out);
            this.replacer = replacer;
            enableReplaceObject(replacer != UnaryOperator.identity());
        }

        @Override
        protected Object replaceObject(Object obj) {
            return replacer.apply(obj);
        }
    }

    /** An input stream whose objects pass through a resolver. */
    private static final class Resolving extends ObjectInputStream {
        private final UnaryOperator<Object> resolver;

        Resolving(ByteArrayInputStream in, UnaryOperator<Object> resolver) throws IOException {
            super(in);
            this.resolver = resolver;
            enableResolveObject(resolver != UnaryOperator.identity());
        }

        @Override
        protected Object resolveObject(Object obj) {
            return resolver.apply(obj);
        }
    }
}
