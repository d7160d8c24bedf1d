package dev.ipckit.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.ipckit.AuthenticationException;
import dev.ipckit.IpcException;
import dev.ipckit.Queue;
import dev.ipckit.Task;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member running in this JVM: it holds a share of the cluster's queues and maps and runs pool
 * tasks on {@link ClusterOptions#workers()} threads. What the demos' {@code worker --cluster} command
 * starts, one per host (or several on one host, each on its own port).
 *
 * <pre>{@code
 * try (ClusterMember m = ClusterMember.start(ClusterOptions.defaults()
 *         .withMembers("10.0.0.5:5701,10.0.0.6:5701").withBindAddress("10.0.0.6")
 *         .withSecretFile(Path.of("cluster.key")))) {
 *     m.awaitClose();
 * }
 * }</pre>
 *
 * <p>Before it starts, the member checks the listed addresses: if a cluster answers there and refuses
 * this cluster name and secret, the start fails with {@link AuthenticationException} instead of
 * forming a cluster of its own. (A member that skipped this check would still be refused at the join.)
 *
 * <p><b>Thread-safe.</b>
 */
public final class ClusterMember implements AutoCloseable {
    /**
     * JVM options for a member JVM on Java 17+: the module openings Hazelcast asks for to use its faster
     * internal paths (without them it warns at start). Pass them to a member started with ipckit's process
     * API: {@code ctx.process(ClusterMember.runner(...)).jvmOptions(JVM_OPTIONS.toArray(String[]::new))}.
     */
    public static final List<String> JVM_OPTIONS = List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    private final HazelcastInstance hz;
    private final LocalNode node;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ClusterMember(HazelcastInstance hz, LocalNode node) {
        this.hz = hz;
        this.node = node;
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.SHUTDOWN) {
                closed.countDown();
            }
        });
    }

    /**
     * Starts a member and joins the cluster at the listed addresses (or starts the cluster if none
     * answers).
     *
     * @param options the addresses, name, secret, bind address, port and workers
     * @return the running member
     * @throws AuthenticationException if a member at a listed address refuses this name and secret
     * @throws IpcException if the member cannot start (the port is taken, the address is not this host's)
     */
    public static ClusterMember start(ClusterOptions options) {
        SecretProbe.check(options);
        return startUnchecked(options);
    }

    /**
     * A task that runs a member in a child process started with ipckit's process API: it starts the member,
     * puts {@code "up <pid>"} (or {@code "error <class>: <message>"}) on {@code report}, and serves until the
     * process is killed or its parent ends. How the tests and the cluster benchmark start members on one host.
     *
     * @param options the member's options (its own port among them)
     * @param report where the child says it is up
     * @return the task
     */
    public static Task runner(ClusterOptions options, Queue<String> report) {
        return new Runner(options, report);
    }

    /** What {@link #runner} returns: a record, so it crosses to the child with its two fields. */
    private record Runner(ClusterOptions options, Queue<String> report) implements Task {
        @Override
        public void run() throws Exception {
            ClusterMember m;
            try {
                m = start(options);
            } catch (RuntimeException e) {
                report.put("error " + e.getClass().getName() + ": " + e.getMessage());
                return;
            }
            report.put("up " + ProcessHandle.current().pid());
            m.awaitClose();
        }
    }

    /** Starts without the secret probe: for tests that show the join itself refuses a wrong secret. */
    static ClusterMember startUnchecked(ClusterOptions options) {
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(HzConfigs.member(options));
        } catch (RuntimeException e) {
            throw new IpcException("cannot start a cluster member, bind=" + options.bindAddress() + ":"
                    + options.port() + ", cause=" + e.getMessage(), e);
        }
        com.hazelcast.cluster.Address a = hz.getCluster().getLocalMember().getAddress();
        String where = "member " + a.getHost() + ":" + a.getPort() + " pid=" + ProcessHandle.current().pid();
        return new ClusterMember(hz, LocalNode.register(hz, options, true, where));
    }

    /** @return this member's address, {@code host:port} */
    public String address() {
        Member m = hz.getCluster().getLocalMember();
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    /** @return how many members (not clients) the cluster has now, this one included */
    public int clusterSize() {
        return hz.getCluster().getMembers().size();
    }

    /**
     * A named queue, owned by this process (see {@link ClusterQueue}): how a program running beside a member
     * reaches the queues of the cluster.
     *
     * @param <E> the item type
     * @param name the queue's name in the cluster
     * @param capacity the most items it holds, or {@link Integer#MAX_VALUE}
     * @return the queue
     */
    public <E> ClusterQueue<E> queue(String name, int capacity) {
        return ClusterQueue.open(node, name, capacity, true);
    }

    /** Waits until this member is closed or shut down. @throws InterruptedException if interrupted */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * @param timeout the longest wait
     * @return whether the member was closed in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitClose(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Leaves the cluster gracefully: the data it holds moves to the others first. Tasks it is running are
     * lost with it; pools retry them elsewhere.
     */
    @Override
    public void close() {
        node.unregister();
        hz.shutdown();
        closed.countDown();
    }

    @Override
    public String toString() {
        return "ClusterMember[" + node.where + ", cluster=" + node.clusterName + "]";
    }
}
