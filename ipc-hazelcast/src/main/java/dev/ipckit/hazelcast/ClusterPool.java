package dev.ipckit.hazelcast;

import dev.ipckit.Fn;
import dev.ipckit.Fn2;
import dev.ipckit.Pool;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Pool} on a Hazelcast cluster: the same calls as the local process pool, run on the members'
 * executor threads. Made by {@link HazelcastCluster#pool()}. Results keep input order across members; the
 * default chunk size is Python's rule over every worker the members offer now.
 *
 * <p>What differs from the local pool, and why:
 * <ul>
 *   <li>A member that leaves or dies fails nothing at first: the tasks it held run again on another
 *       member, up to {@link ClusterPoolOptions#retries()} times, then fail with a
 *       {@link MemberLostException} naming it. Tasks are therefore run at least once, not exactly once.</li>
 *   <li>A task past its timeout fails with {@link dev.ipckit.IpcTimeoutException} and its member thread is
 *       interrupted; the member itself is not killed (it serves other work).</li>
 *   <li>{@link #size()} and {@link #workerPids()} follow the cluster: workers of every member, and the pid
 *       of each member JVM (on its own host).</li>
 *   <li>{@link #close()} ends this pool's work; the members keep running.</li>
 * </ul>
 *
 * <p>Lifecycle: RUNNING → SHUTDOWN (queued work finishes) or STOP (queued and running work is cancelled)
 * → terminated when nothing is queued or running.
 *
 * <p><b>Thread-safe.</b>
 */
public final class ClusterPool extends AbstractExecutorService implements Pool {
    /** A function encoded larger than this is stored once in the cluster instead of travelling with each chunk. */
    static final int INLINE_LIMIT = 16 * 1024;
    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;

    private final HazelcastCluster cluster;
    private final HazelcastInstance hz;
    private final Serializer serializer;
    private final ClusterPoolOptions options;
    private final String key = "pool-" + UUID.randomUUID();
    private final Dispatcher dispatcher;
    private final UUID listener;
    private final ScheduledFuture<?> watch;
    private final java.util.function.BooleanSupplier connected;
    private final Set<String> storedFns = ConcurrentHashMap.newKeySet();
    private final AtomicLong chunkIds = new AtomicLong();
    private final AtomicInteger fnIds = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile int state = RUNNING;
    private volatile RuntimeException broken;

    ClusterPool(HazelcastCluster cluster, ClusterPoolOptions options) {
        this.cluster = cluster;
        this.hz = cluster.hazelcast();
        this.serializer = cluster.options().serializer();
        this.options = options;
        String initKey = null;
        if (options.initializer() != null) {
            byte[] init = encodeCode(options.initializer(), "the pool initializer");
            initKey = key;
            hz.<String, byte[]>getMap(HzConfigs.INIT_MAP).set(initKey, init);
        }
        this.dispatcher = new Dispatcher(hz, serializer, options, initKey, this::broken);
        this.listener = hz.getCluster().addMembershipListener(new InitialMembershipListener() {
            @Override
            public void init(InitialMembershipEvent event) {
                event.getMembers().forEach(dispatcher::memberAdded);
            }

            @Override
            public void memberAdded(MembershipEvent event) {
                dispatcher.memberAdded(event.getMember());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                dispatcher.memberRemoved(event.getMember());
            }
        });
        this.connected = cluster::isConnected;
        this.watch = cluster.scheduler().scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    ClusterPoolOptions options() {
        return options;
    }

    private void tick() {
        try {
            dispatcher.sync(connected.getAsBoolean() && hz.getLifecycleService().isRunning()
                    ? hz.getCluster().getMembers() : Set.of());
            dispatcher.checkTimes();
            if (state == SHUTDOWN && dispatcher.isIdle()) {
                terminate();
            }
        } catch (RuntimeException e) {
            System.err.println("ipckit: cluster pool watchdog failed: " + e);
        }
    }

    // ---- functions and chunks --------------------------------------------------------------------

    private byte[] encodeCode(Object code, String what) {
        try {
            return serializer.encode(code);
        } catch (SerializationException e) {
            throw new SerializationException(what + " cannot be sent to a member, class=" + code.getClass().getName()
                    + " (a lambda must be typed as a serializable interface such as Fn, and what it captures must be"
                    + " serializable), cause=" + e.getMessage(), e);
        }
    }

    /** Encodes a function once per map or call; a large one is stored in the cluster and read once per member. */
    ClusterChunk.FnRef newFn(Object fn) {
        checkAccepting();
        byte[] bytes = encodeCode(fn, "the function");
        String fnKey = key + "-" + fnIds.incrementAndGet();
        if (bytes.length <= INLINE_LIMIT) {
            return new ClusterChunk.FnRef(fnKey, bytes);
        }
        hz.<String, byte[]>getMap(HzConfigs.FN_MAP).set(fnKey, bytes);
        storedFns.add(fnKey);
        return new ClusterChunk.FnRef(fnKey, null);
    }

    /** A map or call is over: its stored function leaves the cluster. */
    void releaseFn(ClusterChunk.FnRef fn) {
        if (fn.inline() == null && storedFns.remove(fn.key()) && hz.getLifecycleService().isRunning()) {
            hz.<String, byte[]>getMap(HzConfigs.FN_MAP).removeAsync(fn.key());
        }
    }

    ClusterChunk newChunk(ClusterChunk.FnRef fn, Object[] args, int position, ClusterChunk.Sink sink) {
        byte[] bytes;
        try {
            bytes = serializer.encode(args);
        } catch (SerializationException e) {
            throw new SerializationException("an argument cannot be sent to a member, " + e.getMessage(), e);
        }
        return new ClusterChunk(chunkIds.incrementAndGet(), fn, bytes, args.length, position, sink);
    }

    void dispatch(ClusterChunk c) {
        checkAccepting();
        dispatcher.submit(c);
    }

    void withdraw(ClusterChunk c) {
        dispatcher.withdraw(c);
    }

    private void checkAccepting() {
        RuntimeException b = broken;
        if (b != null) {
            throw b;
        }
        if (state != RUNNING) {
            throw new RejectedExecutionException("pool is shut down");
        }
    }

    /** The pool cannot run tasks: every queued and later task fails with this. */
    private void broken(RuntimeException error) {
        synchronized (this) {
            if (broken != null) {
                return;
            }
            broken = error;
        }
        dispatcher.stop(error);
    }

    /** @return chunks a lazy map keeps queued or running: enough to keep every member's workers busy */
    int lookAhead() {
        return Math.max(1, size()) * (MemberSlot.IN_FLIGHT + 1);
    }

    // ---- map family ------------------------------------------------------------------------------

    private int defaultChunksize(int n) {
        int workers = Math.max(1, size());
        return Math.max(1, (n + 4 * workers - 1) / (4 * workers));
    }

    @Override
    public <T, R> List<R> map(Fn<? super T, ? extends R> fn, Iterable<? extends T> items) {
        List<T> all = new ArrayList<>();
        items.forEach(all::add);
        return map(fn, all, defaultChunksize(all.size()), null);
    }

    @Override
    public <T, R> List<R> map(Fn<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize) {
        return map(fn, items, chunksize, null);
    }

    @Override
    public <T, R> List<R> map(Fn<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize,
                              Duration timeout) {
        return new ClusterMapRun<R>(this, newFn(fn), items.iterator(), chunksize, false, true).collect(timeout);
    }

    @Override
    public <T, R> Iterator<R> imap(Fn<? super T, ? extends R> fn, Iterator<? extends T> items, int chunksize) {
        return new ClusterMapRun<R>(this, newFn(fn), items, chunksize, true, true);
    }

    @Override
    public <T, R> Iterator<R> imapUnordered(Fn<? super T, ? extends R> fn, Iterator<? extends T> items,
                                            int chunksize) {
        return new ClusterMapRun<R>(this, newFn(fn), items, chunksize, true, false);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, R> List<R> starmap(Fn2<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends java.util.Map.Entry<? extends A, ? extends B>> pairs,
                                     int chunksize) {
        List<Fns.Pair> args = new ArrayList<>();
        for (java.util.Map.Entry<? extends A, ? extends B> e : pairs) {
            args.add(new Fns.Pair(e.getKey(), e.getValue()));
        }
        List<Object> results = map(new Fns.StarFn((Fn2<Object, Object, Object>) fn), args, chunksize);
        return (List<R>) results;
    }

    @Override
    public <T, R> CompletableFuture<R> applyAsync(Fn<? super T, ? extends R> fn, T arg) {
        ClusterFuture<R> f = new ClusterFuture<>(this, newFn(fn), arg);
        f.run();
        return f;
    }

    // ---- ExecutorService --------------------------------------------------------------------------

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        requireSerializable(callable);
        return new ClusterFuture<>(this, newFn(new Fns.CallFn(callable)), null);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        requireSerializable(runnable);
        return new ClusterFuture<>(this, newFn(new Fns.RunFn(runnable, value)), null);
    }

    private static void requireSerializable(Object task) {
        if (!(task instanceof Serializable)) {
            throw new SerializationException("a task for a cluster pool must be serializable, class="
                    + task.getClass().getName() + " (cast a lambda: (Callable<T> & Serializable) () -> ...)");
        }
    }

    @Override
    public void execute(Runnable command) {
        if (command instanceof ClusterFuture<?> f) {
            f.run();
            return;
        }
        requireSerializable(command);
        ClusterFuture<Object> f = new ClusterFuture<>(this, newFn(new Fns.RunFn(command, null)), null);
        f.whenComplete((r, e) -> {
            if (e != null && !(e instanceof CancellationException)) {
                System.err.println("ipckit: a task given to execute() failed: " + e);
            }
        });
        f.run();
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add((CompletableFuture<T>) submit(t));
        }
        CompletableFuture<T> first = new CompletableFuture<>();
        AtomicInteger failures = new AtomicInteger();
        for (CompletableFuture<T> f : futures) {
            f.whenComplete((r, e) -> {
                if (e == null) {
                    first.complete(r);
                } else if (failures.incrementAndGet() == futures.size()) {
                    first.completeExceptionally(e);
                }
            });
        }
        try {
            return first.get(timeout, unit);
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    @Override
    public void shutdown() {
        if (state == RUNNING) {
            state = SHUTDOWN;
        }
        if (dispatcher.isIdle()) {
            terminate();
        }
    }

    /** @return the {@code submit}ted tasks that never reached a member (cancelled now, as the rest) */
    @Override
    public List<Runnable> shutdownNow() {
        state = STOP;
        List<Runnable> never = new ArrayList<>();
        for (ClusterChunk c : dispatcher.stop(new CancellationException("pool was shut down"))) {
            if (c.sink instanceof Runnable r) {
                never.add(r);
            }
        }
        terminate();
        return never;
    }

    /** The connection is gone: every queued, running and later task fails with {@code error}. */
    void abort(RuntimeException error) {
        broken(error);
        state = STOP;
        terminate();
    }

    private void terminate() {
        if (terminated.getCount() == 0) {
            return;
        }
        cluster.forget(this);
        watch.cancel(false);
        if (hz.getLifecycleService().isRunning()) {
            try {
                hz.getCluster().removeMembershipListener(listener);
                if (options.initializer() != null) {
                    hz.<String, byte[]>getMap(HzConfigs.INIT_MAP).removeAsync(key);
                }
                IMap<String, byte[]> fns = hz.getMap(HzConfigs.FN_MAP);
                for (String k : storedFns) {
                    fns.removeAsync(k);
                }
            } catch (RuntimeException e) {
                // the cluster connection is closing: the entries go with the cluster
            }
        }
        storedFns.clear();
        terminated.countDown();
    }

    @Override
    public boolean isShutdown() {
        return state != RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /** Cancels what is queued, interrupts what runs on the members, and ends the pool. The members go on. */
    @Override
    public void close() {
        shutdownNow();
    }

    /** @return the workers every member offers now, added up */
    @Override
    public int size() {
        return dispatcher.members().stream().mapToInt(MemberInfo::workers).sum();
    }

    /** @return the workers of the members that offer them now: a member is listed once its workers run */
    @Override
    public int readyWorkers() {
        return size();
    }

    /** @return the pid of each member JVM that offers workers now (each on its own host) */
    @Override
    public List<Long> workerPids() {
        return dispatcher.members().stream().map(MemberInfo::pid).toList();
    }

    /** @return the members that offer workers to this pool now */
    public List<MemberInfo> members() {
        return dispatcher.members();
    }

    @Override
    public String toString() {
        return "ClusterPool[" + key + ", members=" + dispatcher.members() + "]";
    }
}
