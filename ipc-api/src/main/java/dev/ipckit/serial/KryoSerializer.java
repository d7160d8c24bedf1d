package dev.ipckit.serial;

import com.esotericsoftware.kryo.util.Pool;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Kryo 5: compact and fast, the default. Handles any class (no registration, no no-arg constructor needed),
 * shared and cyclic graphs, records, serializable lambdas, and {@link Throwable}s (written with Java
 * serialization inside the Kryo graph, see {@link KryoThrowableSerializer}).
 *
 * <p>The default mode trusts the peer: the data names the classes to create, as with Python's pickle. For a
 * peer that is not trusted, {@link #strict(Class...)} accepts only the listed classes and the common
 * {@code java.base} ones (boxed primitives, {@code String}, arrays of primitives, the usual {@code java.util}
 * collections), on both encode and decode. In either mode corrupt data fails with a
 * {@link SerializationException}; a length declared in the data is checked against the bytes left before
 * anything is allocated for it.
 *
 * <p>Class names resolve through the calling thread's context class loader, then ipckit's own. Only the
 * configuration is {@link java.io.Serializable}; Kryo instances are rebuilt on first use after a copy.
 *
 * <p><b>Thread-safe</b>: Kryo instances are not, so each call borrows one from a pool.
 */
public final class KryoSerializer implements Serializer {
    private static final long serialVersionUID = 1L;

    /** A {@code byte[]} from this size on is encoded with one copy ({@link #encodeLarge}). */
    static final int LARGE_ARRAY_BYTES = 64 * 1024;
    /** Output buffers that grew past this many bytes are dropped after use, not kept in the pool. */
    static final int MAX_POOLED_BUFFER = 1 << 20;
    private static final int POOL_CAPACITY = 64;
    private static final byte[] EMPTY = new byte[0];

    /** Null in the default mode; the allowed class names in strict mode. */
    private final List<String> allowed;
    private transient volatile Pool<KryoSession> sessions;

    /** Creates a serializer in the default mode: any class, no registration. */
    public KryoSerializer() {
        this.allowed = null;
    }

    private KryoSerializer(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Creates a strict serializer.
     *
     * @param allowed the classes accepted besides the common {@code java.base} ones; their order matters
     *     (it fixes the class ids), so both ends must list them alike
     * @return a serializer that refuses every other class on encode and decode
     */
    public static KryoSerializer strict(Class<?>... allowed) {
        return new KryoSerializer(Arrays.stream(allowed).map(Class::getName).toList());
    }

    /**
     * Creates a strict serializer from class names, resolved on first use (so a parent can name classes it
     * does not load itself).
     *
     * @param classNames binary names as in {@link Class#getName()}, in a fixed order
     * @return a serializer that refuses every other class on encode and decode
     */
    public static KryoSerializer strict(String... classNames) {
        return new KryoSerializer(List.of(classNames));
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
        return KRYO_ID;
    }

    @Override
    public String name() {
        return "kryo";
    }

    /**
     * Encodes one object graph; {@code null} is allowed.
     *
     * @throws SerializationException naming the class that Kryo could not write or strict mode refuses
     */
    @Override
    public byte[] encode(Object value) {
        KryoSession session = obtain();
        boolean reusable = false;
        try {
            session.output.reset();
            if (value instanceof byte[] b && b.length >= LARGE_ARRAY_BYTES) {
                byte[] bytes = encodeLarge(session, b);
                reusable = true;
                return bytes;
            }
            session.kryo.writeClassAndObject(session.output, value);
            byte[] bytes = session.output.toBytes();
            reusable = true;
            return bytes;
        } catch (RuntimeException | StackOverflowError e) {
            throw failure("kryo encode failed, class=" + (value == null ? "null" : value.getClass().getName()), e);
        } finally {
            release(session, reusable);
        }
    }

    /**
     * A large {@code byte[]} in exactly Kryo's own encoding, written straight into an array of the final size:
     * one copy of the payload, where growing Kryo's output and {@code toBytes()} would make three. Kryo
     * writes the header (class, reference marker, then the array serializer's length plus a constant, as a
     * varint) for an empty array; its last byte, the varint of that constant, is replaced by the real length's
     * ({@code KryoSerializerTest} holds this equal to Kryo's own output).
     */
    private static byte[] encodeLarge(KryoSession session, byte[] b) {
        session.kryo.writeClassAndObject(session.output, EMPTY);
        int end = session.output.position();
        int base = session.output.getBuffer()[end - 1];
        if (base <= 0) { // not a one-byte varint: a serializer of another shape, so Kryo's own way
            session.output.reset();
            session.kryo.writeClassAndObject(session.output, b);
            return session.output.toBytes();
        }
        session.output.setPosition(end - 1);
        session.output.writeVarInt(b.length + base, true);
        int header = session.output.position();
        byte[] out = new byte[header + b.length];
        System.arraycopy(session.output.getBuffer(), 0, out, 0, header);
        System.arraycopy(b, 0, out, header, b.length);
        return out;
    }

    /**
     * Decodes one object graph, which must use every byte given.
     *
     * @throws SerializationException for corrupt data, or naming a class strict mode refuses
     */
    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("kryo decode failed: payload is null");
        }
        KryoSession session = obtain();
        boolean reusable = false;
        try {
            session.input.setBuffer(bytes);
            Object value = session.kryo.readClassAndObject(session.input);
            if (session.input.position() != bytes.length) {
                throw new SerializationException("kryo decode failed: bytes left after the object, read="
                        + session.input.position() + ", length=" + bytes.length);
            }
            reusable = true;
            return value;
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | LinkageError | OutOfMemoryError e) {
            // OutOfMemoryError: the last resort for a size read from the data that KryoGuards does not check
            // (a user serializer's); such an allocation fails at once and leaves nothing allocated.
            throw failure("kryo decode failed, length=" + bytes.length, e);
        } finally {
            release(session, reusable);
        }
    }

    /** Builds one pooled Kryo instance ahead of the first message: Kryo's setup loads ~100 classes. */
    @Override
    public void warmUp() {
        release(obtain(), true);
    }

    private KryoSession obtain() {
        Pool<KryoSession> pool = sessions;
        if (pool == null) {
            synchronized (this) {
                pool = sessions;
                if (pool == null) {
                    pool = newPool();
                    sessions = pool;
                }
            }
        }
        KryoSession session = pool.obtain();
        session.useLoader(contextLoader());
        return session;
    }

    /** A session whose call failed is dropped: Kryo's state after an exception is not guaranteed clean. */
    private void release(KryoSession session, boolean reusable) {
        session.input.setBuffer(EMPTY); // do not hold on to the caller's payload
        if (!reusable) {
            return;
        }
        if (session.output.getBuffer().length > MAX_POOLED_BUFFER) {
            session.output = KryoSession.newOutput();
        }
        sessions.free(session);
    }

    private Pool<KryoSession> newPool() {
        return new Pool<>(true, false, POOL_CAPACITY) {
            @Override
            protected KryoSession create() {
                return KryoSession.create(allowed, contextLoader());
            }
        };
    }

    /** @return the largest output buffer held by a pooled session, for tests */
    int largestPooledBuffer() {
        Pool<KryoSession> pool = sessions;
        if (pool == null) {
            return 0;
        }
        List<KryoSession> held = new ArrayList<>();
        for (int i = pool.getFree(); i > 0; i--) {
            held.add(pool.obtain());
        }
        held.forEach(pool::free);
        return held.stream().mapToInt(s -> s.output.getBuffer().length).max().orElse(0);
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : KryoSerializer.class.getClassLoader();
    }

    /** Keeps the message of a refusal raised deep inside Kryo (it names the class); else describes the failure. */
    private static SerializationException failure(String what, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SerializationException refusal) {
                return new SerializationException(refusal.getMessage(), error);
            }
        }
        return new SerializationException(what + ", reason=" + error, error);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KryoSerializer that && Objects.equals(allowed, that.allowed);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(allowed);
    }

    @Override
    public String toString() {
        return allowed == null ? "KryoSerializer" : "KryoSerializer[strict, allowed=" + allowed + "]";
    }
}
