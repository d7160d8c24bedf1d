package dev.ipckit.hazelcast;

import dev.ipckit.ProgressListener;
import dev.ipckit.Task;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ClusterPool} runs: immutable; each {@code with…} returns a copy. The local pool's
 * per-process options (workers, JVM options, max tasks per child, idle timeout) belong to the members
 * here: each member says how many workers it offers ({@link ClusterOptions#withWorkers}).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@link #withInitializer initializer}</td><td>none; run once on each member before the pool's first task there</td></tr>
 *   <tr><td>{@link #withTaskTimeout task timeout}</td><td>none</td></tr>
 *   <tr><td>{@link #withProgress progress}</td><td>none</td></tr>
 *   <tr><td>{@link #withRetries retries}</td><td>{@value #DEFAULT_RETRIES}: a task whose member is lost runs again elsewhere</td></tr>
 *   <tr><td>{@link #withMemberWait member wait}</td><td>30 s: how long tasks wait while no member offers workers</td></tr>
 * </table>
 *
 * @param initializer run once per member before the pool's first task there, or null
 * @param taskTimeout the longest one task may run (a chunk gets this times its size), or null
 * @param progress told after each chunk of a map, or null
 * @param retries how many times a task whose member was lost is sent to another member
 * @param memberWait how long queued tasks wait while the cluster has no member offering workers
 */
public record ClusterPoolOptions(Task initializer, Duration taskTimeout, ProgressListener progress, int retries,
                                 Duration memberWait) {
    /** Retries of a task whose member was lost, by default. */
    public static final int DEFAULT_RETRIES = 2;

    /** Validates. */
    public ClusterPoolOptions {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, retries=" + retries);
        }
        if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
            throw new IllegalArgumentException("task timeout must be positive, taskTimeout=" + taskTimeout);
        }
        Objects.requireNonNull(memberWait, "memberWait");
        if (memberWait.isNegative()) {
            throw new IllegalArgumentException("member wait must not be negative, memberWait=" + memberWait);
        }
    }

    /** @return the defaults */
    public static ClusterPoolOptions defaults() {
        return new ClusterPoolOptions(null, null, null, DEFAULT_RETRIES, Duration.ofSeconds(30));
    }

    /**
     * @param init run once on each member before the pool's first task there; if it throws, the pool fails
     *     with that error
     * @return a copy with it
     */
    public ClusterPoolOptions withInitializer(Task init) {
        return new ClusterPoolOptions(Objects.requireNonNull(init, "initializer"), taskTimeout, progress, retries,
                memberWait);
    }

    /**
     * @param timeout the longest one task may run; past it the task fails with
     *     {@link dev.ipckit.IpcTimeoutException} and its member thread is interrupted (a member cannot be
     *     killed for it, as a local worker is)
     * @return a copy with it
     */
    public ClusterPoolOptions withTaskTimeout(Duration timeout) {
        return new ClusterPoolOptions(initializer, timeout, progress, retries, memberWait);
    }

    /**
     * @param listener told after each chunk of every map how many items are done of how many
     * @return a copy with it
     */
    public ClusterPoolOptions withProgress(ProgressListener listener) {
        return new ClusterPoolOptions(initializer, taskTimeout, listener, retries, memberWait);
    }

    /**
     * @param n how many times a task whose member was lost is sent to another member; 0 fails it at once with
     *     {@link MemberLostException}, as the local pool fails a task whose worker died. Retried tasks may
     *     have run partly: a task with side effects should be idempotent
     * @return a copy with it
     */
    public ClusterPoolOptions withRetries(int n) {
        return new ClusterPoolOptions(initializer, taskTimeout, progress, n, memberWait);
    }

    /**
     * @param wait how long queued tasks wait while no member offers workers, before they fail
     * @return a copy with it
     */
    public ClusterPoolOptions withMemberWait(Duration wait) {
        return new ClusterPoolOptions(initializer, taskTimeout, progress, retries, wait);
    }
}
