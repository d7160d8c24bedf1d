package dev.ipckit;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * A pool of worker processes: Python's {@code multiprocessing.Pool} and {@code ProcessPoolExecutor} in
 * one, and a {@link ExecutorService}. Made by {@link IpcContext#pool(PoolOptions)}.
 *
 * <pre>{@code
 * try (Pool pool = ctx.pool(4)) {
 *     List<Boolean> primes = pool.map(Primes::isPrime, numbers, 100);   // in input order
 *     Future<Long> f = pool.submit((Callable<Long> & Serializable) () -> slowSum());
 * }
 * }</pre>
 *
 * <p>Functions and callables are serialized, so they must be serializable: a lambda typed as {@link Fn}
 * is; a {@code Callable} lambda needs {@code (Callable<T> & Serializable)}. One that is not fails at once,
 * in the caller, with a {@link SerializationException}.
 *
 * <p>Failures are contained: a task's exception comes back with the worker's stack trace
 * ({@link RemoteException}); a worker that dies fails only the tasks it held, with a
 * {@link WorkerDiedException}, and is replaced; a task past its timeout has its worker killed and
 * replaced and fails with an {@link IpcTimeoutException}; an initializer that fails breaks the pool with
 * a clear error instead of restarting workers forever. In {@code map} and the iterators these arrive
 * as thrown exceptions; in futures, as the cause of an {@link java.util.concurrent.ExecutionException}.
 *
 * <p>{@link #shutdown()} lets queued tasks finish; {@link #shutdownNow()} and {@link #close()} cancel
 * what has not started and kill the workers. Workers are daemon children: none outlives this JVM.
 *
 * <p><b>Thread-safe.</b>
 */
public interface Pool extends ExecutorService, AutoCloseable {

    /**
     * Applies {@code fn} to every item, in parallel, and returns the results in input order. The chunk
     * size is Python's {@code Pool.map} default: ceil(n / (4 × workers)).
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function
     * @param items the inputs, read at once
     * @return the results, in input order
     * @throws RemoteException the first task exception, in input order
     * @throws WorkerDiedException if a worker died holding a task
     * @throws IpcTimeoutException if a task ran past the pool's task timeout
     */
    <T, R> List<R> map(Fn<? super T, ? extends R> fn, Iterable<? extends T> items);

    /**
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function
     * @param items the inputs, read at once
     * @param chunksize items sent to a worker at a time; larger chunks cost less per item
     * @return the results, in input order
     */
    <T, R> List<R> map(Fn<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize);

    /**
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function
     * @param items the inputs, read at once
     * @param chunksize items sent to a worker at a time
     * @param timeout for the whole map; past it, what has not finished is cancelled
     * @return the results, in input order
     * @throws IpcTimeoutException if the map did not finish in time
     */
    <T, R> List<R> map(Fn<? super T, ? extends R> fn, Iterable<? extends T> items, int chunksize, Duration timeout);

    /**
     * Lazy, ordered map: reads the input only as far as a bounded look-ahead (three chunks per worker, or
     * 256 items per worker where chunks are small), so a huge or endless input is never read into memory
     * first.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function
     * @param items the inputs, read lazily
     * @param chunksize items sent to a worker at a time
     * @return the results, in input order, as they are ready
     */
    <T, R> Iterator<R> imap(Fn<? super T, ? extends R> fn, Iterator<? extends T> items, int chunksize);

    /**
     * Like {@link #imap}, but results come as soon as they are ready, in any order.
     *
     * @param <T> the item type
     * @param <R> the result type
     * @param fn the function
     * @param items the inputs, read lazily
     * @param chunksize items sent to a worker at a time
     * @return the results, as they are ready
     */
    <T, R> Iterator<R> imapUnordered(Fn<? super T, ? extends R> fn, Iterator<? extends T> items, int chunksize);

    /**
     * Applies a two-argument function to each pair: Python's {@code starmap}.
     *
     * @param <A> the first argument type
     * @param <B> the second argument type
     * @param <R> the result type
     * @param fn the function
     * @param pairs the argument pairs, such as {@code Map.entry(a, b)}
     * @param chunksize items sent to a worker at a time
     * @return the results, in input order
     */
    <A, B, R> List<R> starmap(Fn2<? super A, ? super B, ? extends R> fn,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize);

    /**
     * Runs one call: Python's {@code apply_async}. Success and error callbacks are the future's
     * {@code thenAccept} / {@code exceptionally}.
     *
     * @param <T> the argument type
     * @param <R> the result type
     * @param fn the function
     * @param arg its argument
     * @return the future result
     */
    <T, R> CompletableFuture<R> applyAsync(Fn<? super T, ? extends R> fn, T arg);

    /** @return the number of workers the pool keeps */
    int size();

    /**
     * @return how many workers are started, connected and ready to take tasks now: fewer than {@link #size()}
     *     while the pool starts (it runs tasks on the first ready worker, the others join as they come up)
     *     and while a worker is being replaced
     */
    int readyWorkers();

    /** @return the pids of the live workers now (they change as workers are replaced) */
    List<Long> workerPids();

    /** Cancels what has not started, kills the workers and waits for them to end. */
    @Override
    void close();
}
