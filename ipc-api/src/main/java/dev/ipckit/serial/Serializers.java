package dev.ipckit.serial;

import dev.ipckit.Serializer;
import java.util.List;
import java.util.Locale;

/**
 * Factories for the serializers ipckit ships, and lookup by {@link Serializer#name()} for the command line.
 */
public final class Serializers {

    /** The names {@link #byName(String)} knows, default first. */
    public static final List<String> NAMES = List.of("kryo", "fory", "java", "raw");

    private Serializers() {
    }

    /**
     * Kryo in its default mode: any class, cyclic graphs, records, lambdas. Trusts the peer; see
     * {@link KryoSerializer#strict(Class...)} for one that is not trusted.
     *
     * @return a new Kryo serializer
     */
    public static Serializer kryo() {
        return new KryoSerializer();
    }

    /**
     * Apache Fory in its default mode: any class, cyclic graphs, records, lambdas, with serializers generated
     * per class. Trusts the peer; see {@link ForySerializer#strict(Class...)} for one that is not trusted. Needs
     * {@code org.apache.fory:fory-core} on the class path (an optional dependency of ipc-api).
     *
     * @return a new Fory serializer
     * @throws IllegalStateException if fory-core is not on the class path, saying to add it
     */
    public static Serializer fory() {
        return new ForySerializer();
    }

    /**
     * Java serialization with {@link JavaSerializer#DEFAULT_FILTER}: any {@link java.io.Serializable} class
     * except known gadget packages. See {@link JavaSerializer#allowOnly(String...)} for a strict allow-list.
     *
     * @return a new Java serializer
     */
    public static Serializer java() {
        return new JavaSerializer();
    }

    /**
     * Raw bytes: {@code byte[]} and {@link java.nio.ByteBuffer} in, the same bytes out, no copy where possible.
     *
     * @return the raw-bytes serializer
     */
    public static Serializer raw() {
        return new RawBytesSerializer();
    }

    /**
     * The serializer used when none is chosen: {@link #kryo()}.
     *
     * @return a new default serializer
     */
    public static Serializer defaultSerializer() {
        return kryo();
    }

    /**
     * Looks a serializer up by name.
     *
     * @param name {@code kryo}, {@code fory}, {@code java} or {@code raw}, in any case
     * @return a new serializer in its default configuration
     * @throws IllegalArgumentException for any other name, listing the known ones
     * @throws IllegalStateException for {@code fory} without fory-core on the class path, saying to add it
     */
    public static Serializer byName(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "kryo" -> kryo();
            case "fory" -> fory();
            case "java" -> java();
            case "raw" -> raw();
            default -> throw new IllegalArgumentException("unknown serializer, name=" + name + ", known=" + NAMES);
        };
    }
}
