package dev.ipckit.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.ipckit.AuthenticationException;
import dev.ipckit.IpcException;
import dev.ipckit.Pool;
import dev.ipckit.SerializationException;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A connection to a Hazelcast cluster of ipckit members: the cluster's {@link Pool}, {@link dev.ipckit.Queue}s
 * and shared values. Python's RQ or Ray pool for the JVM: code written against {@code Pool} and {@code Queue}
 * for one machine runs on many by changing where the pool comes from.
 *
 * <pre>{@code
 * ClusterOptions opts = ClusterOptions.defaults()
 *         .withMembers("10.0.0.5:5701,10.0.0.6:5701").withSecretFile(Path.of("cluster.key"));
 * try (HazelcastCluster cluster = HazelcastCluster.connect(opts);
 *      Pool pool = cluster.pool()) {
 *     List<Boolean> primes = pool.map(Primes::isPrime, numbers, 100);   // in input order, on the members
 * }
 * }</pre>
 *
 * <p>This process joins as a Hazelcast client: it holds no data and runs no tasks; the members do
 * ({@link ClusterMember}, or the demos' {@code worker --cluster} command). A wrong cluster name or secret
 * fails {@link #connect} with an {@link AuthenticationException}: at once when every listed address refused it,
 * else when the join timeout ends after any did.
 *
 * <p><b>Thread-safe.</b>
 */
public final class HazelcastCluster implements AutoCloseable {
    private final ClusterOptions options;
    private final HazelcastInstance hz;
    private final LocalNode node;
    private final ScheduledExecutorService scheduler;
    private volatile boolean connected = true;
    private final java.util.Set<ClusterPool> pools = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private HazelcastCluster(ClusterOptions options, HazelcastInstance hz) {
        this.options = options;
        this.hz = hz;
        this.node = LocalNode.register(hz, options, false, "client pid=" + ProcessHandle.current().pid());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ipckit-cluster-watch");
            t.setDaemon(true);
            return t;
        });
        hz.getLifecycleService().addLifecycleListener(e -> {
            switch (e.getState()) {
                case CLIENT_CONNECTED -> connected = true;
                case CLIENT_DISCONNECTED -> connected = false;
                case SHUTTING_DOWN, SHUTDOWN -> {
                    connected = false;
                    failPools("the connection to the cluster was closed");
                }
                default -> { }
            }
        });
    }

    /** Every pool still running fails what it holds: with the connection gone nothing would finish it. */
    private void failPools(String why) {
        for (ClusterPool p : pools) {
            p.abort(new dev.ipckit.PeerClosedException(why + ", cluster=" + options.clusterName()));
        }
        pools.clear();
    }

    /** @return whether this client is connected to the cluster now */
    boolean isConnected() {
        return connected;
    }

    /**
     * Connects to the cluster at the listed addresses (any member that is up will do).
     *
     * @param options the addresses, cluster name, secret and serializer
     * @return the connection
     * @throws AuthenticationException if the cluster refuses this cluster name and secret
     * @throws IpcException if no member answered within the join timeout
     */
    public static HazelcastCluster connect(ClusterOptions options) {
        HazelcastInstance client;
        try {
            client = new RefusalWatch(options.clusterName(), options.members()).connect(HzConfigs.client(options));
        } catch (AuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IpcException("cannot reach the cluster, addresses=" + options.members() + ", joinTimeout="
                    + options.joinTimeout() + ", cause=" + e.getMessage(), e);
        }
        return new HazelcastCluster(options, client);
    }

    /** @return a pool over every worker the members offer, with the default options */
    public ClusterPool pool() {
        return pool(ClusterPoolOptions.defaults());
    }

    /**
     * @param poolOptions initializer, task timeout, progress, retries on member loss
     * @return a pool over every worker the members offer
     */
    public ClusterPool pool(ClusterPoolOptions poolOptions) {
        ClusterPool p = new ClusterPool(this, poolOptions);
        pools.add(p);
        return p;
    }

    /**
     * @param <E> the item type
     * @return a new unbounded queue, owned by this process
     */
    public <E> ClusterQueue<E> queue() {
        return queue("anonymous-" + UUID.randomUUID(), Integer.MAX_VALUE);
    }

    /**
     * @param <E> the item type
     * @param capacity the most items it holds
     * @return a new bounded queue, owned by this process
     */
    public <E> ClusterQueue<E> queue(int capacity) {
        return queue("anonymous-" + UUID.randomUUID(), capacity);
    }

    /**
     * A named queue, owned by this process: other processes of the cluster reach the same queue by name
     * ({@link ClusterMember#queue}) or by capturing this handle in a task.
     *
     * @param <E> the item type
     * @param name the queue's name in the cluster
     * @param capacity the most items it holds, or {@link Integer#MAX_VALUE}
     * @return the queue
     * @throws IllegalArgumentException if a queue of that name exists with another capacity
     */
    public <E> ClusterQueue<E> queue(String name, int capacity) {
        return ClusterQueue.open(node, name, capacity, true);
    }

    /**
     * Puts a large input into the cluster once; tasks capture the small handle and read the value once per
     * member: Python's advice "don't pickle the input", across machines.
     *
     * @param <T> the value's type
     * @param value the value, encoded with the cluster's serializer
     * @return its handle; {@link Shared#close()} removes it from the cluster
     * @throws SerializationException if it cannot be encoded
     */
    public <T> Shared<T> share(T value) {
        String key = "shared-" + UUID.randomUUID();
        byte[] bytes = options.serializer().encode(value);
        hz.<String, byte[]>getMap(HzConfigs.SHARED_MAP).set(key, bytes);
        return new Shared<>(options.clusterName(), key, bytes.length, value);
    }

    /** @return the members that offer workers now */
    public List<MemberInfo> members() {
        return hz.getCluster().getMembers().stream().filter(MemberInfo::isWorker).map(MemberInfo::of).toList();
    }

    /**
     * Waits until at least {@code n} members offer workers.
     *
     * @param n how many members
     * @param timeout the longest wait
     * @return whether they were there in time
     */
    public boolean awaitMembers(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (members().size() < n) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IpcException("interrupted while waiting for cluster members", e);
            }
        }
        return true;
    }

    /** @return the options this connection was made with */
    public ClusterOptions options() {
        return options;
    }

    HazelcastInstance hazelcast() {
        return hz;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void forget(ClusterPool p) {
        pools.remove(p);
    }

    /**
     * Disconnects. Pools made here fail what they still have with a {@link dev.ipckit.PeerClosedException}
     * (as they do if the connection is lost for longer than the join timeout); the members, their queues and
     * data go on.
     */
    @Override
    public void close() {
        failPools("the connection to the cluster was closed");
        node.unregister();
        scheduler.shutdownNow();
        hz.shutdown();
    }

    @Override
    public String toString() {
        return "HazelcastCluster[" + options.clusterName() + ", members=" + members() + "]";
    }
}
