package dev.ipckit.shared;

import dev.ipckit.Serializer;
import dev.ipckit.internal.region.Attached;
import dev.ipckit.internal.region.Regions;
import dev.ipckit.internal.region.RegionRef;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An object sent to every worker once — serialized once into shared memory, deserialized at most once per
 * process and cached there — however many tasks use it (Spark's broadcast variable; what Python users do
 * with a pool initializer and a global). What crosses to each task is a reference of a few dozen bytes.
 *
 * <pre>{@code
 * try (Broadcast<Map<String, Integer>> dict = ctx.broadcast(bigDictionary)) {
 *     pool.map(word -> dict.value().getOrDefault(word, 0), words);
 * }
 * }</pre>
 *
 * <p>The value is read-only by contract: changes a process makes to its copy stay in that process. It lives
 * until its creator closes it or exits.
 *
 * @param <T> the value's type
 */
public final class Broadcast<T> implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    /** Values decoded in this process, by region name. */
    private static final Map<String, Object> DECODED = new ConcurrentHashMap<>();

    private final RegionRef ref;
    private final Serializer serializer;
    private transient volatile T local;
    /** Whether this object made the region (only its creator's copy frees it); false in a copy received. */
    private transient boolean owner;

    private Broadcast(RegionRef ref, Serializer serializer, T local) {
        this.ref = ref;
        this.serializer = serializer;
        this.local = local;
        this.owner = true; // only of() calls this; a copy received is made without a constructor
    }

    /**
     * @param value the value, encoded once now
     * @param serializer how to encode it (both ends use it)
     * @param <T> its type
     * @return the broadcast, owned by this process
     */
    public static <T> Broadcast<T> of(T value, Serializer serializer) {
        Objects.requireNonNull(serializer, "serializer");
        byte[] bytes = serializer.encode(value);
        String name = Regions.newName();
        var mapping = Regions.create(name, Math.max(1, bytes.length));
        Attached.adopt(name, mapping);
        mapping.put(Regions.HEADER, bytes, 0, bytes.length);
        return new Broadcast<>(new RegionRef(RegionRef.BROADCAST, name, 0, bytes.length, serializer.id(), null),
                serializer, value);
    }

    /** @return the value: the original in the creator; elsewhere decoded on first use in the process and cached */
    @SuppressWarnings("unchecked")
    public T value() {
        T v = local;
        if (v == null) {
            if (!DECODED.containsKey(ref.region())) {
                DECODED.keySet().removeIf(other -> !Regions.exists(other));
            }
            v = (T) DECODED.computeIfAbsent(ref.region(), name -> {
                var mapping = Attached.get(name);
                byte[] bytes = new byte[Math.toIntExact(ref.length())];
                mapping.get(Regions.HEADER, bytes, 0, bytes.length);
                return serializer.decode(bytes);
            });
            local = v;
        }
        return v;
    }

    /** @return the size of its encoded form in bytes */
    public long encodedSize() {
        return ref.length();
    }

    /** Frees it, if this is the object {@code broadcast} returned; on a copy a task received, does nothing. */
    @Override
    public void close() {
        if (owner) {
            owner = false;
            Regions.unlink(ref.region());
            Attached.forget(ref.region());
            DECODED.remove(ref.region());
        }
    }

    @Override
    public String toString() {
        return "Broadcast[" + ref.length() + " bytes, " + ref.region() + "]";
    }
}
