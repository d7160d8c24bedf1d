package dev.ipckit.hazelcast;

import java.io.Serializable;

/**
 * A large value put into the cluster once by {@link HazelcastCluster#share}: tasks capture this small
 * handle (its key) instead of the value, and {@link #get()} reads and decodes the value once per member
 * JVM, then serves it from memory. Python's "don't pickle the input", across machines.
 *
 * <pre>{@code
 * Shared<double[]> table = cluster.share(hugeTable);           // stored once in the cluster
 * pool.map(i -> table.get()[i] * 2, indexes, 1000);           // each chunk carries only the key
 * table.close();                                               // leaves the cluster
 * }</pre>
 *
 * <p><b>Thread-safe.</b> The value must not be changed once shared: members keep their decoded copy.
 *
 * @param <T> the value's type
 */
public final class Shared<T> implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;

    private final String cluster;
    private final String key;
    private final long bytes;
    /** The value, in the process that shared it; not serialized. */
    private final transient T local;

    Shared(String cluster, String key, long bytes, T local) {
        this.cluster = cluster;
        this.key = key;
        this.bytes = bytes;
        this.local = local;
    }

    /**
     * @return the value: the original in the process that shared it, else this JVM's decoded copy
     * @throws dev.ipckit.IpcException if this JVM is not in the cluster or the value was closed
     */
    @SuppressWarnings("unchecked")
    public T get() {
        T v = local;
        return v != null ? v : (T) LocalNode.forCluster(cluster).sharedValue(key);
    }

    /** @return its key in the cluster */
    public String key() {
        return key;
    }

    /** @return its encoded size, in bytes: what a chunk would have carried without sharing */
    public long sizeBytes() {
        return bytes;
    }

    /** Removes the value from the cluster; tasks that read it later fail. Call once no task needs it. */
    @Override
    public void close() {
        LocalNode n = LocalNode.forCluster(cluster);
        n.forgetShared(key);
        n.hz.getMap(HzConfigs.SHARED_MAP).delete(key);
    }

    @Override
    public String toString() {
        return "Shared[" + key + ", " + bytes + " bytes]";
    }
}
