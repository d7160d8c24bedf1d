package dev.ipckit.internal.pool;

import dev.ipckit.Fn;
import dev.ipckit.Fn2;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import dev.ipckit.RemoteException;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.internal.metrics.PoolMeter;
import dev.ipckit.internal.process.Spares;
import dev.ipckit.serial.Serializers;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The process pool: a queue of chunks that worker slots take from, so a free worker always takes the
 * next chunk. Lifecycle: RUNNING → SHUTDOWN (queued work finishes, then workers stop) or STOP (queued
 * work is cancelled, workers are killed) → terminated when every worker has ended.
 */
public final class PoolCore extends AbstractExecutorService implements Pool {
    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOP = 2;
    /** Workers that die before they are ready, in a row, after which the pool gives up. */
    private static final int MAX_START_FAILURES = 3;

    private final IpcContext ctx;
    private final PoolOptions options;
    private final List<Slot> slots = new CopyOnWriteArrayList<>();
    private final BiFunction<PoolCore, String, Slot> slotFactory;
    private final LinkedBlockingDeque<Chunk> pending = new LinkedBlockingDeque<>();
    private final AtomicLong chunkIds = new AtomicLong();
    private final AtomicInteger fnIds = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private final AtomicInteger startFailures = new AtomicInteger();
    /** Workers that have become ready since the pool started, replacements included. */
    private final AtomicInteger ready = new AtomicInteger();
    /** The workers ready now. */
    private final Set<Slot> readySlots = ConcurrentHashMap.newKeySet();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile int state = RUNNING;
    private volatile RuntimeException broken;
    private final PoolMeter meter;
    /** The pool's warm spare workers, started once its first workers are up; null for none. */
    private final Spares spares;

    /**
     * Starts the workers, all at once.
     *
     * @param ctx the context (its serializer carries tasks; raw bytes cannot, so Kryo is used then)
     * @param options how the pool runs
     */
    public PoolCore(IpcContext ctx, PoolOptions options) {
        Serializer s = ctx.serializer();
        this.ctx = s.id() == Serializer.RAW_ID ? ctx.withSerializer(Serializers.kryo()) : ctx;
        this.options = options;
        IpcContext workerCtx = this.ctx.withJvmOptions(options.jvmOptions().toArray(String[]::new));
        this.spares = options.spares() == 0 ? null
                : Spares.owned(LocalRuntime.get(), workerCtx.launchSpec(), options.spares());
        this.slotFactory = (pool, name) -> new WorkerSlot(pool, workerCtx, name);
        this.meter = PoolMeter.open(true, slots::size);
        startWorkers();
    }

    /**
     * A pool of threads with the same API: Python's {@code ThreadPool}. Nothing is serialized; a task
     * past its timeout is interrupted and abandoned (a thread cannot be killed) and its thread replaced.
     *
     * @param options how the pool runs (JVM options do not apply)
     */
    public PoolCore(PoolOptions options) {
        this.ctx = null;
        this.options = options;
        this.spares = null;
        this.slotFactory = ThreadSlot::new;
        this.meter = PoolMeter.open(false, slots::size);
        startWorkers();
    }

    private void startWorkers() {
        for (int i = 0; i < options.workers(); i++) {
            startWorker(false);
        }
    }

    PoolOptions options() {
        return options;
    }

    /** @return why the pool cannot run tasks, or null */
    RuntimeException brokenError() {
        return broken;
    }

    private void startWorker(boolean replacement) {
        Slot slot = slotFactory.apply(this, "PoolWorker-" + names.incrementAndGet());
        slots.add(slot);
        meter.workerStarted(replacement);
        try {
            slot.start();
        } catch (RuntimeException e) {
            slots.remove(slot);
            broken(new IpcException("cannot start a pool worker, cause=" + e.getMessage(), e));
        }
    }

    /** @return the next chunk to run, or null when the worker should stop taking work */
    Chunk nextChunk() throws InterruptedException {
        Duration idle = options.idleTimeout();
        long idleSince = System.nanoTime();
        while (true) {
            if (state == STOP || broken != null) {
                return null;
            }
            if (idle != null && state == RUNNING && System.nanoTime() - idleSince > idle.toNanos()) {
                return IDLE;
            }
            Chunk c = pending.poll(20, TimeUnit.MILLISECONDS);
            if (c != null) {
                if (c.isSettled()) {
                    continue; // cancelled while queued
                }
                return c;
            }
            if (state == SHUTDOWN && pending.isEmpty()) {
                return null;
            }
        }
    }

    /**
     * @return the next queued chunk if one is there now, or null: what a worker adds to a batch it sends
     */
    Chunk pollChunk() {
        while (state != STOP && broken == null) {
            Chunk c = pending.poll();
            if (c == null || !c.isSettled()) {
                return c;
            }
        }
        return null;
    }

    /** What {@link #nextChunk} returns to a worker that has waited its idle timeout: it should exit. */
    static final Chunk IDLE = new Chunk(-1, -1, null, new Object[0], -1, null, null);

    /** @param chunks not started by a worker that ended: back to the head of the queue, in order */
    void requeue(List<Chunk> chunks) {
        for (int i = chunks.size() - 1; i >= 0; i--) {
            Chunk c = chunks.get(i);
            RuntimeException b = broken;
            if (b != null) {
                c.fail(b);
            } else if (state == STOP) {
                c.fail(new CancellationException("pool was shut down"));
            } else {
                c.unstarted();
                pending.addFirst(c);
            }
        }
    }

    void workerReady(Slot slot) {
        readySlots.add(slot);
        if (ready.incrementAndGet() == options.workers() && spares != null && state == RUNNING) {
            spares.topUp(); // only now: a spare starting beside the first workers would slow them
        }
        startFailures.set(0);
    }

    /** @return where a new worker takes a warm spare from, or null (then its context's, if it keeps any) */
    Spares spares() {
        return spares;
    }

    void workerEnded(Slot slot) {
        slots.remove(slot);
        readySlots.remove(slot);
        if (state != STOP && broken == null && slot.died()) {
            meter.workerDied();
        }
        if (slot.retiredIdle() && state == RUNNING && broken == null && pending.isEmpty()) {
            return; // it comes back when work does (ensureWorkers)
        }
        String failure = slot.startFailure();
        if (failure != null && startFailures.incrementAndGet() >= MAX_START_FAILURES && broken == null) {
            broken(new IpcException("pool workers die before they start; giving up, " + failure));
        }
        if ((state == RUNNING || state == SHUTDOWN && !pending.isEmpty()) && broken == null) {
            // after shutdown() queued work still finishes: a worker that died is replaced while any waits
            synchronized (slots) {
                if (slots.size() < options.workers()) {
                    startWorker(true);
                }
            }
        } else if (slots.isEmpty()) {
            failPending(broken != null ? broken : new CancellationException("pool was shut down"));
            terminated();
        }
    }

    private void terminated() {
        if (spares != null) {
            spares.close();
        }
        terminated.countDown();
        meter.ended();
    }

    /** The pool cannot run tasks: every queued and later task fails with this. */
    void broken(RuntimeException error) {
        synchronized (this) {
            if (broken != null) {
                return;
            }
            broken = error instanceof RemoteException
                    ? new IpcException("pool initializer failed; the pool cannot run tasks, cause="
                    + error.getMessage(), error)
                    : error;
        }
        failPending(broken);
        slots.forEach(Slot::kill);
    }

    private void failPending(RuntimeException error) {
        Chunk c;
        while ((c = pending.poll()) != null) {
            c.fail(error);
        }
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

    /** Checks that a function will cross to a worker, in the caller, before anything is queued. */
    private void checkSerializable(Object fn) {
        if (ctx == null) {
            return; // threads: nothing crosses a process boundary
        }
        try {
            ctx.serializer().encode(fn);
        } catch (SerializationException e) {
            throw new SerializationException("the function cannot be sent to a worker, class="
                    + fn.getClass().getName() + " (a lambda must be typed as a serializable interface such as Fn,"
                    + " and what it captures must be serializable)", e);
        }
    }

    /**
     * @param asking a worker that holds work and could take more
     * @param holding how many chunks it holds
     * @return whether another worker holding fewer is ready to take a chunk: then that one should get the next
     */
    boolean lessLoaded(Slot asking, int holding) {
        for (Slot s : slots) {
            int other = s.load();
            if (s != asking && other >= 0 && other < holding) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    Chunk enqueue(Fn<?, ?> fn, int fnId, Object[] args, int position, Chunk.Sink sink) {
        checkAccepting();
        Chunk c = new Chunk(chunkIds.incrementAndGet(), fnId, (Fn<Object, Object>) fn, args, position, sink, meter);
        meter.submitted(args.length);
        pending.add(c);
        ensureWorkers();
        return c;
    }

    /** Brings back workers that exited idle, now that there is work. */
    private void ensureWorkers() {
        if (options.idleTimeout() == null) {
            return;
        }
        synchronized (slots) {
            while (state == RUNNING && broken == null && slots.size() < options.workers()) {
                startWorker(false);
            }
        }
    }

    int newFnId(Fn<?, ?> fn) {
        checkSerializable(fn);
        return fnIds.incrementAndGet();
    }

    /** Drops a chunk not yet taken by a worker. */
    void withdraw(Chunk c) {
        pending.remove(c);
    }

    // ---- map family ------------------------------------------------------------------------------

    private int defaultChunksize(int n) {
        return Math.max(1, (n + 4 * options.workers() - 1) / (4 * options.workers()));
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
        MapRun<R> run = new MapRun<>(this, fn, items.iterator(), chunksize, Integer.MAX_VALUE, true);
        return run.collect(timeout);
    }

    @Override
    public <T, R> Iterator<R> imap(Fn<? super T, ? extends R> fn, Iterator<? extends T> items, int chunksize) {
        return new MapRun<R>(this, fn, items, chunksize, lookAhead(chunksize), true);
    }

    @Override
    public <T, R> Iterator<R> imapUnordered(Fn<? super T, ? extends R> fn, Iterator<? extends T> items,
                                            int chunksize) {
        return new MapRun<R>(this, fn, items, chunksize, lookAhead(chunksize), false);
    }

    /**
     * Chunks a lazy map keeps queued or running at once: enough to keep every worker busy — a few chunks
     * per worker, or {@value #LOOK_AHEAD_ITEMS} items per worker where chunks are small.
     */
    private int lookAhead(int chunksize) {
        int w = options.workers();
        return Math.max(w * (WorkerSlot.MIN_IN_FLIGHT + 1), (int) Math.min(w * (long) WorkerSlot.MAX_IN_FLIGHT,
                (w * (long) LOOK_AHEAD_ITEMS + chunksize - 1) / Math.max(1, chunksize)));
    }

    /** Items per worker a lazy map reads ahead where its chunks are small. */
    private static final int LOOK_AHEAD_ITEMS = 256;

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, R> List<R> starmap(Fn2<? super A, ? super B, ? extends R> fn,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                     int chunksize) {
        List<PoolFns.Pair> args = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> e : pairs) {
            args.add(new PoolFns.Pair(e.getKey(), e.getValue()));
        }
        List<Object> results = map(new PoolFns.StarFn((Fn2<Object, Object, Object>) fn), args, chunksize);
        return (List<R>) results;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> CompletableFuture<R> applyAsync(Fn<? super T, ? extends R> fn, T arg) {
        CompletableFuture<R> f = new CompletableFuture<>();
        int fnId = newFnId(fn);
        Chunk c = enqueue(fn, fnId, new Object[] {arg}, 0, new Chunk.Sink() {
            @Override
            public void done(Chunk chunk, Object[] results) {
                f.complete((R) results[0]);
            }

            @Override
            public void failed(Chunk chunk, Throwable error) {
                f.completeExceptionally(error);
            }
        });
        f.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                withdraw(c);
                c.fail(e);
            }
        });
        return f;
    }

    // ---- ExecutorService --------------------------------------------------------------------------

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        requireSerializable(callable);
        return new PoolFuture<>(this, new PoolFns.CallFn(callable));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        requireSerializable(runnable);
        Fn<Object, Object> fn = new PoolFns.RunFn(runnable);
        return new PoolFuture<>(this, value == null ? fn : x -> {
            runnable.run();
            return value;
        });
    }

    private void requireSerializable(Object task) {
        if (ctx != null && !(task instanceof Serializable)) {
            throw new SerializationException("a task for a process pool must be serializable, class="
                    + task.getClass().getName() + " (cast a lambda: (Callable<T> & Serializable) () -> ...)");
        }
    }

    @Override
    public void execute(Runnable command) {
        if (command instanceof PoolFuture<?> f) {
            f.run();
        } else {
            requireSerializable(command);
            PoolFns.RunFn fn = new PoolFns.RunFn(command);
            enqueue(fn, newFnId(fn), new Object[] {null}, 0, new Chunk.Sink() {
                @Override
                public void done(Chunk c, Object[] results) {
                }

                @Override
                public void failed(Chunk c, Throwable error) {
                    System.err.println("ipckit: a task given to execute() failed: " + error);
                }
            });
        }
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
        if (slots.isEmpty()) {
            terminated();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        state = STOP;
        List<Runnable> never = new ArrayList<>();
        Chunk c;
        while ((c = pending.poll()) != null) {
            if (c.sink instanceof Runnable r) {
                never.add(r);
            }
            c.fail(new CancellationException("pool was shut down"));
        }
        if (spares != null) {
            spares.close(); // no replacement is started now: the spares go at once
        }
        slots.forEach(Slot::kill);
        if (slots.isEmpty()) {
            terminated();
        }
        return never;
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

    @Override
    public void close() {
        shutdownNow();
        try {
            if (!awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IpcTimeoutException("pool workers did not end within 30 s of close()");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int size() {
        return options.workers();
    }

    @Override
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Slot s : slots) {
            long pid = s.livePid();
            if (pid > 0) {
                pids.add(pid);
            }
        }
        return pids;
    }

    @Override
    public int readyWorkers() {
        return readySlots.size();
    }
}
