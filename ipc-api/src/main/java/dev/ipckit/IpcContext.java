package dev.ipckit;

import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.internal.pipe.PipeEnd;
import dev.ipckit.internal.pool.PoolCore;
import dev.ipckit.internal.process.ChildProcess;
import dev.ipckit.internal.process.LaunchSpec;
import dev.ipckit.internal.process.Spares;
import dev.ipckit.internal.queue.OwnedQueue;
import dev.ipckit.metrics.IpcMetrics;
import dev.ipckit.serial.Serializers;
import dev.ipckit.shared.Broadcast;
import dev.ipckit.shared.ProcessBarrier;
import dev.ipckit.shared.ProcessEvent;
import dev.ipckit.shared.ProcessLock;
import dev.ipckit.shared.ProcessSemaphore;
import dev.ipckit.shared.SharedBuffer;
import dev.ipckit.shared.SharedDouble;
import dev.ipckit.shared.SharedDoubleArray;
import dev.ipckit.shared.SharedLong;
import dev.ipckit.shared.SharedLongArray;
import dev.ipckit.shared.SharedMemory;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.Transport;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * How processes are started and how they talk: a transport, a serializer, JVM options. Python's
 * {@code get_context()}. Immutable: each {@code with…} returns a new context; contexts may be shared by
 * any number of threads. Made by {@link Ipc#context()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>property</th></tr>
 *   <tr><td>transport</td><td>the only one on the class path</td><td>{@code ipckit.transport}</td></tr>
 *   <tr><td>{@link #withSerializer serializer}</td><td>Kryo</td><td></td></tr>
 *   <tr><td>{@link #withJvmOptions JVM options}</td><td>none</td><td></td></tr>
 *   <tr><td>{@link #withMaxFrameSize max frame size}</td><td>512 MiB</td><td>{@code ipckit.maxFrameSize}</td></tr>
 *   <tr><td>{@link #withOutputPrefix output prefix}</td><td>off</td><td></td></tr>
 *   <tr><td>{@link #withWaitStrategy wait strategy}</td><td>spin 50 µs, yield 20 µs, then park</td>
 *       <td>{@code ipckit.wait.*} ({@link WaitStrategy})</td></tr>
 *   <tr><td>{@link #withPipeWindow pipe window}</td><td>16 MiB</td><td>{@code ipckit.pipe.windowBytes}</td></tr>
 *   <tr><td>{@link #withQueuePrefetch queue prefetch}</td><td>32 items</td><td>{@code ipckit.queue.prefetch}</td></tr>
 * </table>
 */
public final class IpcContext {
    private final Transport transport;
    private final Serializer serializer;
    private final List<String> jvmOptions;
    private final int maxFrameSize;
    private final boolean outputPrefix;
    private final WaitStrategy wait;
    private final int pipeWindow;
    private final int queuePrefetch;
    private final int warmSpares;

    /** The property that sets how many items a child's queue get fetches at once. */
    public static final String QUEUE_PREFETCH_PROP = "ipckit.queue.prefetch";
    /** Its default: 32 items (and at most 256 KiB after the first). */
    public static final int QUEUE_PREFETCH_DEFAULT = 32;

    /** The property that sets the default pipe window, in bytes. */
    public static final String PIPE_WINDOW_PROP = "ipckit.pipe.windowBytes";
    /** The default pipe window: 16 MiB, enough for 1 MiB messages at full speed (a smaller one cost 15 % there). */
    public static final int PIPE_WINDOW_DEFAULT = 16 << 20;

    IpcContext(Transport transport) {
        this(transport, Serializers.defaultSerializer(), List.of(), FrameDescriptor.defaultMaxFrameSize(), false,
                WaitStrategy.defaults(), defaultPipeWindow(), defaultQueuePrefetch(), 0);
    }

    private IpcContext(Transport transport, Serializer serializer, List<String> jvmOptions, int maxFrameSize,
                       boolean outputPrefix, WaitStrategy wait, int pipeWindow, int queuePrefetch, int warmSpares) {
        this.transport = transport;
        this.serializer = serializer;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.maxFrameSize = maxFrameSize;
        this.outputPrefix = outputPrefix;
        this.wait = wait;
        this.pipeWindow = pipeWindow;
        this.queuePrefetch = queuePrefetch;
        this.warmSpares = warmSpares;
    }

    /**
     * @param serializer encodes messages and queue items ({@link Serializers})
     * @return a context that uses it
     */
    public IpcContext withSerializer(Serializer serializer) {
        return new IpcContext(transport, Objects.requireNonNull(serializer, "serializer"), jvmOptions, maxFrameSize,
                outputPrefix, wait, pipeWindow, queuePrefetch, warmSpares);
    }

    /**
     * @param options JVM options added to every child of this context ({@code -Xmx512m})
     * @return a context with them after any it already had
     */
    public IpcContext withJvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(Arrays.asList(options));
        return new IpcContext(transport, serializer, all, maxFrameSize, outputPrefix, wait, pipeWindow, queuePrefetch,
                warmSpares);
    }

    /**
     * @param bytes the largest frame payload a link accepts; a larger frame closes the link with a
     *     {@link FrameException}
     * @return a context with that limit
     */
    public IpcContext withMaxFrameSize(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("max frame size too small, bytes=" + bytes + ", min=1024");
        }
        return new IpcContext(transport, serializer, jvmOptions, bytes, outputPrefix, wait, pipeWindow, queuePrefetch,
                warmSpares);
    }

    /**
     * @param on whether each line a child prints is prefixed with {@code [name] }
     * @return a context with that setting
     */
    public IpcContext withOutputPrefix(boolean on) {
        return new IpcContext(transport, serializer, jvmOptions, maxFrameSize, on, wait, pipeWindow, queuePrefetch,
                warmSpares);
    }

    /**
     * How the links of this context's children wait for frames, in the parent and in the child: spin, yield,
     * then park ({@link WaitStrategy}). The default spins briefly, which suits a machine with few cores;
     * {@link WaitStrategy#busySpin()} gives the lowest latency at the cost of a core per waiting thread.
     *
     * @param strategy the wait strategy
     * @return a context with it
     */
    public IpcContext withWaitStrategy(WaitStrategy strategy) {
        return new IpcContext(transport, serializer, jvmOptions, maxFrameSize, outputPrefix,
                Objects.requireNonNull(strategy, "strategy"), pipeWindow, queuePrefetch, warmSpares);
    }

    /** @return how this context's links wait */
    public WaitStrategy waitStrategy() {
        return wait;
    }

    /**
     * How far a pipe's sender may get ahead of its reader, in bytes: the most one end of this context's
     * pipes holds unread (or a quarter of it plus one message, for a message larger than that). A sender
     * that would exceed it waits until the reader has read more: {@link Connection#send(Object)} as long as
     * it takes, {@link Connection#send(Object, java.time.Duration)} up to its timeout. Nothing is dropped.
     *
     * @param bytes the window, at least 64 KiB
     * @return a context whose new pipes have it
     */
    public IpcContext withPipeWindow(int bytes) {
        if (bytes < 64 * 1024) {
            throw new IllegalArgumentException("pipe window too small, bytes=" + bytes + ", min=65536");
        }
        return new IpcContext(transport, serializer, jvmOptions, maxFrameSize, outputPrefix, wait, bytes, queuePrefetch,
                warmSpares);
    }

    /** @return the window of this context's new pipes, in bytes */
    public int pipeWindow() {
        return pipeWindow;
    }

    /**
     * How many items a child's {@link Queue#take()} (and {@code poll}) fetches from the owner at once: what
     * the queue holds, up to this many items and 256 KiB, so that a consumer in a child makes one remote
     * call per batch rather than per item. The items it fetched and did not take go back to the head of the
     * queue, in order, when it closes its handle, exits, or dies; an item it took in the moment before it
     * died (since it last fetched) may then be delivered again. Other consumers meanwhile do not see what
     * one has fetched; {@code withQueuePrefetch(1)} turns prefetch off for strict first-come first-served
     * fairness and one remote call per item, exactly once even when a consumer is killed.
     *
     * @param items at least 1; 1 turns prefetch off
     * @return a context whose new queues have it
     */
    public IpcContext withQueuePrefetch(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("queue prefetch must be at least 1, items=" + items);
        }
        return new IpcContext(transport, serializer, jvmOptions, maxFrameSize, outputPrefix, wait, pipeWindow, items,
                warmSpares);
    }

    /** @return how many items a child's get on this context's new queues fetches at once */
    public int queuePrefetch() {
        return queuePrefetch;
    }

    private static int defaultQueuePrefetch() {
        String v = System.getProperty(QUEUE_PREFETCH_PROP);
        if (v == null || v.isBlank()) {
            return QUEUE_PREFETCH_DEFAULT;
        }
        try {
            int items = Integer.parseInt(v.trim());
            if (items >= 1) {
                return items;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("bad " + QUEUE_PREFETCH_PROP + ", value=" + v + ", want items >= 1");
    }

    private static int defaultPipeWindow() {
        String v = System.getProperty(PIPE_WINDOW_PROP);
        if (v == null || v.isBlank()) {
            return PIPE_WINDOW_DEFAULT;
        }
        try {
            int bytes = Integer.parseInt(v.trim());
            if (bytes >= 64 * 1024) {
                return bytes;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("bad " + PIPE_WINDOW_PROP + ", value=" + v + ", want bytes >= 65536");
    }

    /**
     * Warm spare children, the JVM's forkserver: this context keeps {@code count} child JVMs started,
     * connected and warmed up ahead of need, so that a process started from it runs its task within
     * milliseconds instead of paying a JVM's start. {@link IpcProcess#start()} gives the task to the spare
     * that has waited longest and starts another behind it; a spare that dies while waiting is replaced.
     *
     * <p>A spare runs no user code until it is given a task. It is a child of the context's configuration
     * (transport, serializer, JVM options, frame size, wait strategy): a process that sets JVM options, an
     * environment or a working directory of its own starts cold, as does any start when no spare is left.
     * The spares start at the context's first {@code start()} or at {@link #startSpares()}, are shared by
     * every context of the same configuration in this JVM, and end after 60 s unused (property
     * {@code ipckit.spares.idleSeconds}), at {@link #closeSpares()}, or with this JVM, which ends them
     * first at its exit. A spare taken is a process like any other: name, daemon flag, exit code, output
     * and the no-orphan rules are the same.
     *
     * <p>Pools keep a spare of their own for their replacement workers ({@link PoolOptions#withSpares}).
     *
     * @param count spares to keep, 0 for none (the default)
     * @return a context with that setting
     */
    public IpcContext withWarmSpares(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("warm spares must be 0 or more, count=" + count);
        }
        return new IpcContext(transport, serializer, jvmOptions, maxFrameSize, outputPrefix, wait, pipeWindow,
                queuePrefetch, count);
    }

    /** @return the warm spares this context keeps ({@link #withWarmSpares}) */
    public int warmSpares() {
        return warmSpares;
    }

    /**
     * Starts this context's warm spares now rather than at its first start.
     *
     * @return completed when every spare has connected and is ready for a task
     * @throws IllegalStateException if the context keeps no spares
     */
    public CompletableFuture<Void> startSpares() {
        if (warmSpares == 0) {
            throw new IllegalStateException("this context keeps no warm spares: use withWarmSpares(n)");
        }
        return Spares.shared(LocalRuntime.get(), launchSpec()).ready();
    }

    /** Ends the warm spares of this context's configuration that are waiting; later starts make new ones. */
    public void closeSpares() {
        Spares.closeShared(launchSpec());
    }

    /**
     * @return how this context's children start: for ipckit's own runtime (a pool's spares), not for
     *     applications
     */
    public LaunchSpec launchSpec() {
        return new LaunchSpec(transport, serializer, jvmOptions, maxFrameSize, outputPrefix, wait, warmSpares);
    }

    /** @return the transport's name */
    public String transport() {
        return transport.name();
    }

    /** @return the serializer */
    public Serializer serializer() {
        return serializer;
    }

    /** @return the JVM options added to every child */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** @return the largest frame payload */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * A process that will run the task. Not started: set options, then {@link IpcProcess#start()}.
     *
     * @param task a serializable lambda or an instance of a {@link Task} class; captured values are its
     *     arguments
     * @return the process
     */
    public IpcProcess process(Task task) {
        return new ChildProcess(LocalRuntime.get(), launchSpec(), Objects.requireNonNull(task, "task"));
    }

    /**
     * A process that will instantiate a task class on the class path (public no-argument constructor)
     * in the child and run it.
     *
     * @param taskClass the class
     * @return the process
     */
    public IpcProcess process(Class<? extends Task> taskClass) {
        String className = taskClass.getName();
        return process((Task) () -> {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            ((Task) c.getDeclaredConstructor().newInstance()).run();
        });
    }

    /** @return a duplex pipe: Python's {@code Pipe()} */
    public Pipe pipe() {
        return pipe(true);
    }

    /**
     * @param duplex true for both ways; false for {@code right()} sending to {@code left()} only
     * @return a new pipe
     */
    public Pipe pipe(boolean duplex) {
        PipeEnd[] ends = LocalRuntime.get().router().newPipe(duplex, serializer, pipeWindow);
        return new Pipe(ends[0], ends[1]);
    }

    /**
     * @param <E> the item type
     * @return an unbounded queue owned by this process
     */
    public <E> Queue<E> queue() {
        return queue(Integer.MAX_VALUE);
    }

    /**
     * @param <E> the item type
     * @param capacity the most items it holds; puts wait (or fail, by form) when full
     * @return a queue owned by this process
     */
    public <E> Queue<E> queue(int capacity) {
        return newQueue(capacity, false);
    }

    /**
     * @param <E> the item type
     * @param capacity the most items it holds
     * @return a joinable queue owned by this process
     */
    public <E> JoinableQueue<E> joinableQueue(int capacity) {
        return newQueue(capacity, true);
    }

    private <E> OwnedQueue<E> newQueue(int capacity, boolean joinable) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("queue capacity must be positive, capacity=" + capacity);
        }
        LocalRuntime rt = LocalRuntime.get();
        return new OwnedQueue<>(rt.queues().create(capacity), joinable, serializer, rt.queues(), queuePrefetch);
    }

    /** @return a pool with one worker per processor: Python's {@code Pool()} */
    public Pool pool() {
        return pool(PoolOptions.defaults());
    }

    /**
     * @return this JVM's metrics, the same for every context: {@link Ipc#metrics()}
     */
    public IpcMetrics metrics() {
        return Ipc.metrics();
    }

    /**
     * @param workers how many worker processes
     * @return a pool of that many workers, started now
     */
    public Pool pool(int workers) {
        return pool(PoolOptions.defaults().withWorkers(workers));
    }

    /**
     * @param options how the pool runs
     * @return a pool, its workers starting now (in parallel)
     */
    public Pool pool(PoolOptions options) {
        return new PoolCore(this, options);
    }

    // ---- Shared memory: Python's shared_memory, Value, Array, Lock, Event, Semaphore, Barrier, Condition.
    // Each object lives in shared memory owned by this process and crosses to children (in a task, a pool
    // argument, a queue item) as a small reference; see the dev.ipckit.shared package.

    /**
     * Creates a named shared-memory region, Python's {@code SharedMemory(name, create=True, size=size)}.
     *
     * @param name its name, 1 to 100 of {@code [A-Za-z0-9._-]}
     * @param size its size in bytes (above 2 GiB is fine)
     * @return the region, owned by this process; others {@link SharedMemory#attach(String) attach} by name
     */
    public SharedMemory sharedMemory(String name, long size) {
        return SharedMemory.create(name, size);
    }

    /**
     * Writes input once into shared memory ("don't pickle the input"): tasks that receive the result read
     * it without a copy, and what crosses to each is a few dozen bytes.
     *
     * @param bytes the input
     * @return the shared input, owned by this process until closed
     */
    public SharedBuffer share(byte[] bytes) {
        return SharedBuffer.of(bytes);
    }

    /**
     * @param bytes the input: its remaining bytes
     * @return the shared input, owned by this process until closed
     * @see #share(byte[])
     */
    public SharedBuffer share(ByteBuffer bytes) {
        return SharedBuffer.of(bytes);
    }

    /**
     * @param values the input
     * @return the shared input, owned by this process until closed
     * @see #share(byte[])
     */
    public SharedBuffer share(int[] values) {
        return SharedBuffer.of(values);
    }

    /**
     * @param values the input
     * @return the shared input, owned by this process until closed
     * @see #share(byte[])
     */
    public SharedBuffer share(long[] values) {
        return SharedBuffer.of(values);
    }

    /**
     * @param values the input
     * @return the shared input, owned by this process until closed
     * @see #share(byte[])
     */
    public SharedBuffer share(double[] values) {
        return SharedBuffer.of(values);
    }

    /**
     * @param file a file, copied once into shared memory
     * @return the shared input, owned by this process until closed
     * @see #share(byte[])
     */
    public SharedBuffer share(Path file) {
        return SharedBuffer.of(file);
    }

    /**
     * Serializes an object once, with this context's serializer, for every worker to decode at most once.
     *
     * @param value the object
     * @param <T> its type
     * @return the broadcast, owned by this process until closed
     */
    public <T> Broadcast<T> broadcast(T value) {
        return Broadcast.of(value, serializer);
    }

    /** @return a new lock between processes, Python's {@code Lock()}; {@link ProcessLock#newCondition()} gives a {@code Condition} */
    public ProcessLock lock() {
        return ProcessLock.create();
    }

    /**
     * @param permits its first permits
     * @return a new semaphore between processes, Python's {@code Semaphore(permits)}
     */
    public ProcessSemaphore semaphore(int permits) {
        return ProcessSemaphore.create(permits);
    }

    /** @return a new event between processes, Python's {@code Event()} */
    public ProcessEvent event() {
        return ProcessEvent.create();
    }

    /**
     * @param parties how many parties trip it
     * @return a new barrier between processes, Python's {@code Barrier(parties)}
     */
    public ProcessBarrier barrier(int parties) {
        return ProcessBarrier.create(parties);
    }

    /**
     * @param initial its first value
     * @return a new atomic shared {@code long}, Python's {@code Value('q', initial)} without the lock
     */
    public SharedLong sharedLong(long initial) {
        return SharedLong.create(initial);
    }

    /**
     * @param initial its first value
     * @return a new atomic shared {@code double}, Python's {@code Value('d', initial)} without the lock
     */
    public SharedDouble sharedDouble(double initial) {
        return SharedDouble.create(initial);
    }

    /**
     * @param length how many elements, all zero
     * @return a new shared array of atomic {@code long}s, Python's {@code Array('q', length)}
     */
    public SharedLongArray longArray(long length) {
        return SharedLongArray.create(length);
    }

    /**
     * @param length how many elements, all zero
     * @return a new shared array of atomic {@code double}s, Python's {@code Array('d', length)}
     */
    public SharedDoubleArray doubleArray(long length) {
        return SharedDoubleArray.create(length);
    }

    @Override
    public String toString() {
        return "IpcContext[transport=" + transport.name() + ", serializer=" + serializer.name() + ", jvmOptions="
                + jvmOptions + ", maxFrameSize=" + maxFrameSize + "]";
    }
}
