package dev.ipckit.hazelcast;

import dev.ipckit.Fn;
import dev.ipckit.IpcException;
import dev.ipckit.Serializer;
import dev.ipckit.Task;
import dev.ipckit.spi.ErrorReport;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * This JVM's view of one cluster it belongs to, as a member or a client: the Hazelcast instance, the
 * serializer, and what tasks arriving here reuse — decoded functions, shared values, initializers
 * already run, queues known closed. Captured queues and shared values find their cluster here by name
 * when they are deserialized.
 *
 * <p><b>Thread-safe.</b>
 */
final class LocalNode {
    /** Decoded functions kept per node: a map's function is decoded once per member, not per chunk. */
    private static final int FN_CACHE = 64;
    /** Decoded shared values kept per node. */
    private static final int SHARED_CACHE = 16;

    private static final Map<String, LocalNode> BY_INSTANCE = new ConcurrentHashMap<>();
    private static final List<LocalNode> ALL = new CopyOnWriteArrayList<>();

    final HazelcastInstance hz;
    private final String instanceName;
    final String clusterName;
    final Serializer serializer;
    final boolean member;
    final String where;
    private final Map<String, Object> fns = lru(FN_CACHE);
    private final Map<String, Object> shared = lru(SHARED_CACHE);
    private final Map<String, Object> loading = new ConcurrentHashMap<>();
    private final Map<String, Init> initializers = new ConcurrentHashMap<>();
    private final Set<String> closedQueues = ConcurrentHashMap.newKeySet();
    private volatile boolean watchingQueues;

    private LocalNode(HazelcastInstance hz, String clusterName, Serializer serializer, boolean member, String where) {
        this.hz = hz;
        this.instanceName = hz.getName();
        this.clusterName = clusterName;
        this.serializer = serializer;
        this.member = member;
        this.where = where;
    }

    static LocalNode register(HazelcastInstance hz, ClusterOptions o, boolean member, String where) {
        LocalNode n = new LocalNode(hz, o.clusterName(), o.serializer(), member, where);
        BY_INSTANCE.put(hz.getName(), n);
        ALL.add(n);
        return n;
    }

    void unregister() {
        BY_INSTANCE.remove(instanceName, this);
        ALL.remove(this);
    }

    /** @return the node of a Hazelcast instance in this JVM, or null if ipckit did not start it */
    static LocalNode of(HazelcastInstance hz) {
        return BY_INSTANCE.get(hz.getName());
    }

    /**
     * @param clusterName a cluster's name as the user gave it
     * @return this JVM's node in that cluster, a member's before a client's
     * @throws IpcException if this JVM is in no such cluster
     */
    static LocalNode forCluster(String clusterName) {
        LocalNode client = null;
        for (LocalNode n : ALL) {
            if (n.clusterName.equals(clusterName) && n.hz.getLifecycleService().isRunning()) {
                if (n.member) {
                    return n;
                }
                client = n;
            }
        }
        if (client == null) {
            throw new IpcException("this JVM is not in the cluster, cluster=" + clusterName
                    + " (a queue or shared value can be used only in a process connected to its cluster)");
        }
        return client;
    }

    /** @return the function stored under a key, decoding {@code bytes} (or the stored copy) on first use */
    @SuppressWarnings("unchecked")
    Fn<Object, Object> function(String key, byte[] bytes) {
        return (Fn<Object, Object>) loadOnce(fns, key, () -> {
            byte[] b = bytes;
            if (b == null) {
                IMap<String, byte[]> stored = hz.getMap(HzConfigs.FN_MAP);
                b = stored.get(key);
                if (b == null) {
                    throw new IpcException("the function of this task is gone from the cluster, key=" + key
                            + " (its map was cancelled or its driver left)");
                }
            }
            return serializer.decode(b);
        });
    }

    /** @return the shared value under a key, decoded once per node */
    Object sharedValue(String key) {
        return loadOnce(shared, key, () -> {
            IMap<String, byte[]> stored = hz.getMap(HzConfigs.SHARED_MAP);
            byte[] b = stored.get(key);
            if (b == null) {
                throw new IpcException("shared value not found in the cluster, key=" + key + " (was it closed?)");
            }
            return serializer.decode(b);
        });
    }

    /**
     * The cached value of a key, or loads it: one thread per key loads while the others of this node wait for
     * it, so a value is read from the cluster and decoded once however many workers ask at once.
     */
    private <V> V loadOnce(Map<String, V> cache, String key, Supplier<V> load) {
        synchronized (cache) {
            V v = cache.get(key);
            if (v != null) {
                return v;
            }
        }
        Object lock = loading.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                synchronized (cache) {
                    V v = cache.get(key);
                    if (v != null) {
                        return v;
                    }
                }
                V v = load.get();
                synchronized (cache) {
                    cache.put(key, v);
                }
                return v;
            }
        } finally {
            loading.remove(key, lock);
        }
    }

    void forgetShared(String key) {
        synchronized (shared) {
            shared.remove(key);
        }
    }

    /**
     * Runs a pool's initializer the first time a task of that pool arrives here; later tasks wait for it.
     *
     * @param key the pool's initializer key
     * @return null if it ran (now or before), else why it failed (every later task of the pool fails too)
     */
    ErrorReport initialize(String key) {
        return initializers.computeIfAbsent(key, k -> {
            try {
                IMap<String, byte[]> stored = hz.getMap(HzConfigs.INIT_MAP);
                byte[] b = stored.get(k);
                if (b == null) {
                    throw new IpcException("pool initializer not found in the cluster, key=" + k);
                }
                ((Task) serializer.decode(b)).run();
                return new Init(null);
            } catch (Throwable t) {
                return new Init(ErrorReport.of(t));
            }
        }).error();
    }

    /** The outcome of one pool's initializer on this node: null error when it ran. */
    private record Init(ErrorReport error) {
    }

    /** @return whether a queue has been closed by its owner, as far as this node has heard */
    boolean isQueueClosed(String name) {
        watchQueues();
        return closedQueues.contains(name);
    }

    /** Marks a queue closed, here at once and cluster-wide through the closed-queues map. */
    void closeQueue(String name) {
        closedQueues.add(name);
        IMap<String, Boolean> closed = hz.getMap(HzConfigs.CLOSED_QUEUES);
        closed.set(name, Boolean.TRUE);
    }

    /** One listener per node learns of closed queues; then what was closed before it listened is read. */
    private void watchQueues() {
        if (watchingQueues) {
            return;
        }
        synchronized (closedQueues) {
            if (watchingQueues) {
                return;
            }
            IMap<String, Boolean> closed = hz.getMap(HzConfigs.CLOSED_QUEUES);
            closed.addEntryListener((EntryAddedListener<String, Boolean>) (EntryEvent<String, Boolean> e) ->
                    closedQueues.add(e.getKey()), false);
            closedQueues.addAll(closed.keySet());
            watchingQueues = true;
        }
    }

    private static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
