package dev.ipckit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Pool} runs: immutable; each {@code with…} returns a copy.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@link #withWorkers workers}</td><td>the number of processors</td></tr>
 *   <tr><td>{@link #withInitializer initializer}</td><td>none; run once in each worker before its first task</td></tr>
 *   <tr><td>{@link #withMaxTasksPerChild max tasks per child}</td><td>0: a worker lives as long as the pool</td></tr>
 *   <tr><td>{@link #withTaskTimeout task timeout}</td><td>none</td></tr>
 *   <tr><td>{@link #withJvmOptions JVM options}</td><td>the context's</td></tr>
 *   <tr><td>{@link #withProgress progress}</td><td>none</td></tr>
 *   <tr><td>{@link #withIdleTimeout idle timeout}</td><td>none: workers live as long as the pool</td></tr>
 *   <tr><td>{@link #withSpares spares}</td><td>1: a warm spare for the next replacement worker</td></tr>
 * </table>
 *
 * @param workers how many worker processes
 * @param initializer run once per worker before its first task, or null
 * @param maxTasksPerChild tasks after which a worker is replaced by a fresh one; 0 for never
 * @param taskTimeout the longest one task may run (a chunk gets this times its size), or null
 * @param jvmOptions JVM options for the workers, after the context's
 * @param progress told after each chunk of a map, or null
 * @param idleTimeout how long a worker may wait for work before it exits (and comes back when work
 *     does), or null to keep workers for the pool's life
 * @param shareThreshold arrays ({@code byte[]}, {@code int[]}, {@code long[]}, {@code double[]}) of at least
 *     this many bytes anywhere in a task's arguments or function are written once into shared memory instead of
 *     into the message (as joblib's {@code max_nbytes}); the worker copies them out of the shared pages (one
 *     memory copy, no decoding) and the pages are freed when the task is done. If shared memory has no room, the
 *     array goes in the message. 0 turns it off. Default {@value #DEFAULT_SHARE_THRESHOLD} (1 MiB). Needs Kryo in
 *     its default mode (strict mode and Java serialization send everything in the message). For zero-copy
 *     reads, share input explicitly with {@code IpcContext.share}.
 * @param spares warm spare workers the pool keeps, started once its workers are up, so that a worker that
 *     dies, retires ({@code maxTasksPerChild}) or returns after an idle timeout is replaced within
 *     milliseconds; 0 for none
 */
public record PoolOptions(int workers, Task initializer, int maxTasksPerChild, Duration taskTimeout,
                          List<String> jvmOptions, ProgressListener progress, Duration idleTimeout,
                          long shareThreshold, int spares) {
    /** Arguments of at least this many bytes are shared, not serialized, unless told otherwise: 1 MiB. */
    public static final long DEFAULT_SHARE_THRESHOLD = 1 << 20;

    /** Validates. */
    public PoolOptions {
        if (workers <= 0) {
            throw new IllegalArgumentException("a pool needs at least one worker, workers=" + workers);
        }
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException("maxTasksPerChild must be 0 (never) or positive, maxTasksPerChild="
                    + maxTasksPerChild);
        }
        if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
            throw new IllegalArgumentException("task timeout must be positive, taskTimeout=" + taskTimeout);
        }
        if (idleTimeout != null && (idleTimeout.isNegative() || idleTimeout.isZero())) {
            throw new IllegalArgumentException("idle timeout must be positive, idleTimeout=" + idleTimeout);
        }
        if (shareThreshold < 0) {
            throw new IllegalArgumentException("share threshold must be 0 (off) or positive, shareThreshold="
                    + shareThreshold);
        }
        if (spares < 0) {
            throw new IllegalArgumentException("spares must be 0 or more, spares=" + spares);
        }
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** @return the defaults: one worker per processor, nothing else */
    public static PoolOptions defaults() {
        return new PoolOptions(Runtime.getRuntime().availableProcessors(), null, 0, null, List.of(), null, null,
                DEFAULT_SHARE_THRESHOLD, 1);
    }

    /**
     * @param n how many worker processes
     * @return a copy with that many
     */
    public PoolOptions withWorkers(int n) {
        return new PoolOptions(n, initializer, maxTasksPerChild, taskTimeout, jvmOptions, progress, idleTimeout,
                shareThreshold, spares);
    }

    /**
     * @param init run once in each worker before its first task (Python's {@code initializer}; capture
     *     its arguments); if it throws, the pool fails with that error rather than restart workers forever
     * @return a copy with it
     */
    public PoolOptions withInitializer(Task init) {
        return new PoolOptions(workers, Objects.requireNonNull(init, "initializer"), maxTasksPerChild, taskTimeout,
                jvmOptions, progress, idleTimeout, shareThreshold, spares);
    }

    /**
     * @param n tasks after which a worker is replaced; 0 for never
     * @return a copy with it
     */
    public PoolOptions withMaxTasksPerChild(int n) {
        return new PoolOptions(workers, initializer, n, taskTimeout, jvmOptions, progress, idleTimeout,
                shareThreshold, spares);
    }

    /**
     * @param timeout the longest one task may run; past it its worker is killed and replaced, and the
     *     task fails with {@link IpcTimeoutException}
     * @return a copy with it
     */
    public PoolOptions withTaskTimeout(Duration timeout) {
        return new PoolOptions(workers, initializer, maxTasksPerChild, timeout, jvmOptions, progress, idleTimeout,
                shareThreshold, spares);
    }

    /**
     * @param listener told after each chunk of every map how many items are done of how many
     * @return a copy with it
     */
    public PoolOptions withProgress(ProgressListener listener) {
        return new PoolOptions(workers, initializer, maxTasksPerChild, taskTimeout, jvmOptions, listener, idleTimeout,
                shareThreshold, spares);
    }

    /**
     * @param timeout how long a worker may wait for work before it exits; it comes back (a fresh
     *     process, its initializer run again) when work does
     * @return a copy with it
     */
    public PoolOptions withIdleTimeout(Duration timeout) {
        return new PoolOptions(workers, initializer, maxTasksPerChild, taskTimeout, jvmOptions, progress, timeout,
                shareThreshold, spares);
    }

    /**
     * @param options JVM options for the workers
     * @return a copy with them after any it had
     */
    public PoolOptions withJvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(Arrays.asList(options));
        return new PoolOptions(workers, initializer, maxTasksPerChild, taskTimeout, all, progress, idleTimeout,
                shareThreshold, spares);
    }

    /**
     * @param bytes arrays and buffers of at least this many bytes in a task are shared instead of serialized;
     *     0 for never
     * @return a copy with that threshold
     */
    public PoolOptions withShareThreshold(long bytes) {
        return new PoolOptions(workers, initializer, maxTasksPerChild, taskTimeout, jvmOptions, progress, idleTimeout,
                bytes, spares);
    }

    /**
     * @param n warm spare workers to keep for replacements (0 for none); a spare starts once the pool's
     *     workers are up, so it never slows the pool's start
     * @return a copy with that many
     */
    public PoolOptions withSpares(int n) {
        return new PoolOptions(workers, initializer, maxTasksPerChild, taskTimeout, jvmOptions, progress, idleTimeout,
                shareThreshold, n);
    }
}
