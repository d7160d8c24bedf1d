package dev.ipckit.serial;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.fory.Fory;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.memory.MemoryUtils;

/**
 * Apache Fory ({@code org.apache.fory:fory-core}, an optional dependency of ipc-api): generates and compiles a
 * serializer per class at run time. Like {@link KryoSerializer} it handles any class (no registration, no
 * no-arg constructor needed), shared and cyclic graphs, records and serializable lambdas; {@link Throwable}s
 * are written with Java serialization inside the Fory graph, as Kryo does.
 *
 * <p>The default mode trusts the peer: the data names the classes to create (Fory's own deny-list of known
 * gadget classes still applies). For a peer that is not trusted, {@link #strict(Class...)} accepts exactly
 * what {@link KryoSerializer#strict(Class...)} accepts: the listed classes, the same common {@code java.base}
 * ones, {@code Object[]}, {@code Class} and serializable lambdas, on both encode and decode. A class named in
 * the data that is not on the list is refused by name before it is loaded, so it is never initialised or
 * instantiated. In either mode corrupt data fails with a {@link SerializationException}; a length declared
 * in the data is checked against the bytes left before anything is allocated for it (Fory's own checks).
 * Graphs may nest 1,000 levels deep.
 *
 * <p>Both ends must run the same Fory version: class ids follow the registration order of that version.
 * No JVM flag is needed on Java 17; on JDK 23+ Fory, like Kryo, uses {@code sun.misc.Unsafe}, and a child
 * JVM is started with {@code --sun-misc-unsafe-memory-access=allow} so that it prints no warning (a parent
 * JVM on 23+ that uses Fory should be started with it too).
 *
 * <p>Only the configuration is {@link java.io.Serializable}: it travels to every child in the bootstrap, and
 * the Fory instances are rebuilt on first use after a copy. Class names resolve through the calling thread's
 * context class loader, then ipckit's own.
 *
 * <p><b>Thread-safe</b>: Fory instances are not, so each call borrows one from a pool.
 */
public final class ForySerializer implements Serializer {
    private static final long serialVersionUID = 1L;

    /** Null in the default mode; the allowed class names in strict mode. */
    private final List<String> allowed;
    /** The pool last used; {@link #byLoader} holds one per class loader, guarded by {@code this}. */
    private transient volatile ForySessions sessions;
    private transient Map<ClassLoader, ForySessions> byLoader;

    /** What a serializer says when fory-core is not on the class path. */
    static final String MISSING = "the fory serializer needs Apache Fory on the class path: add the dependency"
            + " org.apache.fory:fory-core (an optional dependency of ipc-api)";

    /**
     * Creates a serializer in the default mode: any class, no registration.
     *
     * @throws IllegalStateException if fory-core is not on the class path, saying to add it
     */
    public ForySerializer() {
        this(null);
    }

    private ForySerializer(List<String> allowed) {
        if (!foryPresent()) {
            throw new IllegalStateException(MISSING);
        }
        this.allowed = allowed == null ? null : List.copyOf(allowed);
    }

    /**
     * Creates a strict serializer.
     *
     * @param allowed the classes accepted besides the common {@code java.base} ones; their order matters
     *     (it fixes the class ids), so both ends must list them alike
     * @return a serializer that refuses every other class on encode and decode
     * @throws IllegalStateException if fory-core is not on the class path, saying to add it
     */
    public static ForySerializer strict(Class<?>... allowed) {
        return new ForySerializer(Arrays.stream(allowed).map(Class::getName).toList());
    }

    /**
     * Creates a strict serializer from class names, resolved on first use (so a parent can name classes it
     * does not load itself).
     *
     * @param classNames binary names as in {@link Class#getName()}, in a fixed order
     * @return a serializer that refuses every other class on encode and decode
     * @throws IllegalStateException if fory-core is not on the class path, saying to add it
     */
    public static ForySerializer strict(String... classNames) {
        return new ForySerializer(List.of(classNames));
    }

    /** @return whether this serializer accepts only its allow-list */
    public boolean isStrict() {
        return allowed != null;
    }

    /** @return the strict allow-list by class name, empty in the default mode */
    public List<String> allowedClassNames() {
        return allowed == null ? List.of() : allowed;
    }

    @Override
    public byte id() {
        return FORY_ID;
    }

    @Override
    public String name() {
        return "fory";
    }

    /**
     * Encodes one object graph; {@code null} is allowed.
     *
     * @throws SerializationException naming the class that Fory could not write or strict mode refuses
     */
    @Override
    public byte[] encode(Object value) {
        ForySessions pool = pool();
        Fory fory = pool.obtain();
        boolean reusable = false;
        try {
            byte[] bytes = fory.serialize(value);
            reusable = true;
            return bytes;
        } catch (RuntimeException e) {
            reusable = true; // Fory resets its write state after an exception
            throw ForyFailures.failure("fory encode failed, class=" + className(value), e, isStrict());
        } catch (StackOverflowError e) {
            throw ForyFailures.failure("fory encode failed: object graph too deep, class=" + className(value), e,
                    isStrict());
        } finally {
            pool.release(fory, reusable);
        }
    }

    /**
     * Decodes one object graph, which must use every byte given.
     *
     * @throws SerializationException for corrupt data, or naming a class strict mode refuses
     */
    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("fory decode failed: payload is null");
        }
        ForySessions pool = pool();
        Fory fory = pool.obtain();
        boolean reusable = false;
        try {
            MemoryBuffer buffer = MemoryUtils.wrap(bytes);
            Object value = fory.deserialize(buffer);
            reusable = true;
            if (buffer.readerIndex() != bytes.length) {
                throw new SerializationException("fory decode failed: bytes left after the object, read="
                        + buffer.readerIndex() + ", length=" + bytes.length);
            }
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            reusable = true; // Fory resets its read state after an exception
            throw ForyFailures.failure("fory decode failed, length=" + bytes.length, e, isStrict());
        } catch (StackOverflowError | LinkageError | OutOfMemoryError e) {
            // OutOfMemoryError: the last resort for a size read from the data that Fory does not check; such
            // an allocation fails at once and leaves nothing allocated. The instance is dropped, not pooled.
            throw ForyFailures.failure("fory decode failed, length=" + bytes.length, e, isStrict());
        } finally {
            pool.release(fory, reusable);
        }
    }

    /** Builds one pooled Fory instance ahead of the first message: Fory's setup loads several hundred classes. */
    @Override
    public void warmUp() {
        ForySessions pool = pool();
        pool.release(pool.obtain(), true);
    }

    /** The pool of the calling thread's class loader: a Fory instance resolves names through one loader. */
    private ForySessions pool() {
        ClassLoader loader = contextLoader();
        ForySessions pool = sessions;
        if (pool != null && pool.loader() == loader) {
            return pool;
        }
        synchronized (this) {
            if (!foryPresent()) { // a copy that reached a JVM without fory-core
                throw new SerializationException(MISSING);
            }
            if (byLoader == null) {
                byLoader = new HashMap<>(); // one per loader that ever called: there are few
            }
            pool = byLoader.computeIfAbsent(loader, l -> new ForySessions(allowed, l));
            sessions = pool;
            return pool;
        }
    }

    private static boolean foryPresent() {
        try {
            Class.forName("org.apache.fory.Fory", false, ForySerializer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ForySerializer.class.getClassLoader();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ForySerializer that && Objects.equals(allowed, that.allowed);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(allowed) + 31;
    }

    @Override
    public String toString() {
        return allowed == null ? "ForySerializer" : "ForySerializer[strict, allowed=" + allowed + "]";
    }
}
