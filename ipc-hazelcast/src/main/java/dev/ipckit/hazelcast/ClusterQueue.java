package dev.ipckit.hazelcast;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.hazelcast.collection.IQueue;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.QueueConfig;
import dev.ipckit.IpcException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Queue;
import dev.ipckit.QueueClosedException;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A {@link Queue} on the cluster: a Hazelcast {@code IQueue} of items encoded with the cluster's serializer,
 * with the same four forms and the same close semantics as ipckit's local queue. It lives on the members
 * (with one backup, so it survives the loss of one member); every process of the cluster puts and gets
 * on it, and each item goes to exactly one getter.
 *
 * <p>The handle returned by {@link HazelcastCluster#queue} or {@link ClusterMember#queue} is the owner's:
 * its {@link #close()} closes the queue for everyone (puts fail with {@link PeerClosedException}; gets
 * drain what is left, then fail with it; on the owner's handle itself both throw {@link QueueClosedException}).
 * A handle captured by a task is another process's: its {@code close()} ends only that handle's use, and
 * using it afterwards throws {@link QueueClosedException}. Blocked calls notice a close within
 * {@value #WAIT_SLICE_MILLIS} ms.
 *
 * <p>A task may capture the handle; it crosses as the queue's name and capacity (Java serialization inside
 * Kryo: allow this class in a strict serializer).
 *
 * <p><b>Thread-safe.</b>
 *
 * @param <E> the item type
 */
@DefaultSerializer(JavaSerializer.class)
public final class ClusterQueue<E> implements Queue<E>, Serializable {
    private static final long serialVersionUID = 1L;
    /** Queue names in Hazelcast carry this prefix. */
    static final String PREFIX = "ipckit.q.";
    /** Blocking calls wait in slices of this many milliseconds, checking between slices whether the queue was closed. */
    static final long WAIT_SLICE_MILLIS = 200;

    private final transient LocalNode node;
    private final transient IQueue<byte[]> queue;
    private final transient boolean owner;
    private final String name;
    private final int capacity;
    private transient volatile boolean handleClosed;

    private ClusterQueue(LocalNode node, String name, int capacity, boolean owner) {
        this.node = node;
        this.name = name;
        this.capacity = capacity;
        this.owner = owner;
        this.queue = node.hz.getQueue(PREFIX + name);
    }

    static <E> ClusterQueue<E> open(LocalNode node, String name, int capacity, boolean owner) {
        Objects.requireNonNull(name, "name");
        if (capacity <= 0) {
            throw new IllegalArgumentException("queue capacity must be positive, capacity=" + capacity);
        }
        if (owner) {
            try {
                node.hz.getConfig().addQueueConfig(new QueueConfig(PREFIX + name).setBackupCount(1)
                        .setMaxSize(capacity == Integer.MAX_VALUE ? 0 : capacity).setStatisticsEnabled(false));
            } catch (InvalidConfigurationException e) {
                throw new IllegalArgumentException("a queue of this name exists with another configuration, name="
                        + name + ", capacity=" + capacity, e);
            }
        }
        return new ClusterQueue<>(node, name, capacity, owner);
    }

    /** @return the queue's name in the cluster */
    public String name() {
        return name;
    }

    @Override
    public void add(E item) {
        if (!offer(item)) {
            throw new IllegalStateException("queue full, name=" + name + ", capacity=" + capacity);
        }
    }

    @Override
    public boolean offer(E item) {
        try {
            byte[] b = encode(item);
            checkPutOpen();
            return queue.offer(b);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public void put(E item) {
        try {
            byte[] b = encode(item);
            try {
                while (true) {
                    checkPutOpen();
                    if (queue.offer(b, WAIT_SLICE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean offer(E item, Duration timeout) {
        try {
            byte[] b = encode(item);
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    checkPutOpen();
                    long left = deadline - System.nanoTime();
                    if (queue.offer(b, Math.max(0, Math.min(left, WAIT_SLICE_MILLIS * 1_000_000)),
                            java.util.concurrent.TimeUnit.NANOSECONDS)) {
                        return true;
                    }
                    if (deadline - System.nanoTime() <= 0) {
                        return false;
                    }
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public E remove() {
        E e = poll();
        if (e == null) {
            throw new NoSuchElementException("queue empty, name=" + name);
        }
        return e;
    }

    @Override
    public E poll() {
        try {
            checkHandle();
            byte[] b = queue.poll();
            if (b == null) {
                checkGetOpen();
                return null;
            }
            return decode(b);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public E take() {
        try {
            checkHandle();
            try {
                while (true) {
                    byte[] b = queue.poll(WAIT_SLICE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (b != null) {
                        return decode(b);
                    }
                    if (isClosed()) {
                        return drainOrFail();
                    }
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public E poll(Duration timeout) {
        try {
            checkHandle();
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    byte[] b = queue.poll(Math.max(0, Math.min(left, WAIT_SLICE_MILLIS * 1_000_000)),
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                    if (b != null) {
                        return decode(b);
                    }
                    if (isClosed()) {
                        return drainOrFail();
                    }
                    if (deadline - System.nanoTime() <= 0) {
                        return null;
                    }
                }
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public int size() {
        try {
            return queue.size();
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** The owner closes the queue for everyone; any other handle ends only its own use. */
    @Override
    public void close() {
        handleClosed = true;
        if (owner && node.hz.getLifecycleService().isRunning()) {
            node.closeQueue(name);
        }
    }

    private boolean isClosed() {
        return node.isQueueClosed(name);
    }

    private E drainOrFail() {
        byte[] b = queue.poll();
        if (b == null) {
            throw closedAndEmpty();
        }
        return decode(b);
    }

    /** The owner closed the queue and nothing is left: its own misuse in the owner, a peer's close elsewhere. */
    private RuntimeException closedAndEmpty() {
        return owner
                ? new QueueClosedException("queue closed by this handle, its owner, and empty, name=" + name)
                : new PeerClosedException("queue closed by its owner and empty, name=" + name);
    }

    private void checkHandle() {
        if (handleClosed && !owner) {
            throw new QueueClosedException("this handle of the queue was closed, name=" + name);
        }
    }

    private void checkPutOpen() {
        checkHandle();
        if (handleClosed) {
            throw new QueueClosedException("queue closed by this handle, its owner, name=" + name);
        }
        if (isClosed()) {
            throw new PeerClosedException("queue closed by its owner, name=" + name);
        }
    }

    private void checkGetOpen() {
        if (isClosed()) {
            throw closedAndEmpty();
        }
    }

    private byte[] encode(E item) {
        Objects.requireNonNull(item, "a queue does not take null items");
        return node.serializer.encode(item);
    }

    @SuppressWarnings("unchecked")
    private E decode(byte[] b) {
        return (E) node.serializer.decode(b);
    }

    /** A Hazelcast failure: the queue is gone for this process if its connection to the cluster is. */
    private RuntimeException failure(RuntimeException e) {
        if (!node.hz.getLifecycleService().isRunning()) {
            return new PeerClosedException("the connection to the cluster is closed, queue=" + name, e);
        }
        if (e instanceof com.hazelcast.core.HazelcastException) {
            return new IpcException("cluster queue operation failed, queue=" + name + ", cause=" + e, e);
        }
        return e;
    }

    private IpcException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IpcException("interrupted while waiting on a cluster queue, name=" + name, e);
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Ref(node.clusterName, name, capacity);
    }

    /**
     * What crosses in place of a queue handle: read back as a handle of the same queue in the cluster this
     * JVM belongs to.
     *
     * @param cluster the cluster's name
     * @param name the queue's name
     * @param capacity its capacity
     */
    private record Ref(String cluster, String name, int capacity) implements Serializable {
        private Object readResolve() throws ObjectStreamException {
            return new ClusterQueue<>(LocalNode.forCluster(cluster), name, capacity, false);
        }
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + name + ", capacity=" + capacity + (owner ? ", owner" : "") + "]";
    }
}
