package dev.ipckit.internal.pool;

import dev.ipckit.Fn;
import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.ProgressListener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * One map over a pool: reads its input in chunks, keeps at most {@code window} chunks queued or running,
 * and hands back results in input order or as they come. {@code map} uses an unbounded window and
 * collects everything; {@code imap} and {@code imapUnordered} iterate lazily, so an endless input is read
 * only as far as the window.
 *
 * <p>The iterator is for one consumer thread; results arrive from the pool's threads.
 *
 * @param <R> the result type
 */
final class MapRun<R> implements Iterator<R>, Chunk.Sink {
    private final PoolCore pool;
    private final Fn<?, ?> fn;
    private final int fnId;
    private final Iterator<?> items;
    private final int chunksize;
    private final int window;
    private final boolean ordered;
    private final Map<Integer, Object[]> done = new HashMap<>();
    private final ArrayDeque<Object[]> arrivals = new ArrayDeque<>();
    private final List<Chunk> open = new ArrayList<>();
    private Throwable failure;
    private long doneItems;
    private long totalItems = -1;
    private int failedAt = Integer.MAX_VALUE;
    private int queued;
    /** Set while {@link #collect} waits for everything: it needs waking once, when the last chunk is in. */
    private boolean collecting;
    private long readItems;
    private int nextChunk;
    private Object[] current;
    private int index;

    MapRun(PoolCore pool, Fn<?, ?> fn, Iterator<?> items, int chunksize, int window, boolean ordered) {
        if (chunksize <= 0) {
            throw new IllegalArgumentException("chunksize must be positive, chunksize=" + chunksize);
        }
        this.pool = pool;
        this.fn = fn;
        this.fnId = pool.newFnId(fn);
        this.items = items;
        this.chunksize = chunksize;
        this.window = window;
        this.ordered = ordered;
        fill();
    }

    /** Queues chunks until the window is full or the input ends. Called by the consumer only. */
    private void fill() {
        while (true) {
            synchronized (this) {
                // chunks read but not yet handed to the consumer: results waiting count too, or a slow
                // consumer would let the input be read far ahead of it
                if (queued - nextChunk >= window || failure != null) {
                    return;
                }
            }
            if (!items.hasNext()) {
                synchronized (this) {
                    totalItems = readItems;
                }
                return;
            }
            List<Object> args = new ArrayList<>(Math.min(chunksize, 1024));
            while (args.size() < chunksize && items.hasNext()) {
                args.add(items.next());
            }
            synchronized (this) {
                readItems += args.size();
            }
            Chunk c = pool.enqueue(fn, fnId, args.toArray(), queued++, this);
            synchronized (this) {
                if (!c.isSettled()) {
                    open.add(c);
                }
            }
        }
    }

    private void progressed(Chunk c) {
        ProgressListener l = pool.options().progress();
        if (l == null) {
            return;
        }
        long done;
        long total;
        synchronized (this) {
            doneItems += c.args.length;
            done = doneItems;
            total = totalItems;
        }
        try {
            l.progress(done, total);
        } catch (RuntimeException e) {
            System.err.println("ipckit: a progress listener failed: " + e);
        }
    }

    @Override
    public void done(Chunk c, Object[] results) {
        progressed(c);
        stored(c, results);
    }

    private synchronized void stored(Chunk c, Object[] results) {
        open.remove(c);
        if (ordered) {
            done.put(c.position, results);
        } else {
            arrivals.add(results);
        }
        // wake the consumer only for what it waits for: the next chunk in order, or the last one of a map
        if (!ordered || c.position == nextChunk || collecting && open.isEmpty()) {
            notifyAll();
        }
    }

    @Override
    public void failed(Chunk c, Throwable error) {
        progressed(c);
        recordFailure(c, error);
    }

    private synchronized void recordFailure(Chunk c, Throwable error) {
        open.remove(c);
        if (failure == null || ordered && c.position < failedAt) {
            failure = error;
            failedAt = c.position;
        }
        notifyAll();
    }

    @Override
    public boolean hasNext() {
        if (current != null && index < current.length) {
            return true;
        }
        fill();
        return hasMoreChunks();
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (current == null || index >= current.length) {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            current = awaitChunk(-1);
            index = 0;
            fill();
        }
        return (R) current[index++];
    }

    /** @return whether a queued chunk has not been handed out yet; each yields its results or its failure */
    private synchronized boolean hasMoreChunks() {
        return nextChunk < queued;
    }

    /** Waits for the next chunk's results (in order, or the next to arrive); throws its failure. */
    private synchronized Object[] awaitChunk(long deadline) {
        try {
            while (true) {
                if (ordered) {
                    Object[] r = done.remove(nextChunk);
                    if (r != null) {
                        nextChunk++;
                        return r;
                    }
                    if (failure != null && failedAt == nextChunk) {
                        throw rethrow(failure);
                    }
                } else {
                    if (failure != null) {
                        throw rethrow(failure);
                    }
                    Object[] r = arrivals.poll();
                    if (r != null) {
                        nextChunk++;
                        return r;
                    }
                }
                if (deadline < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IpcTimeoutException("map did not finish in time, chunks done=" + nextChunk
                                + " of " + queued);
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting for a map result", e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return t instanceof RuntimeException r ? r : new IpcException("map task failed, cause=" + t, t);
    }

    /**
     * Waits for every result, for {@code map}.
     *
     * @param timeout for the whole map, or null
     * @return the results in input order
     */
    @SuppressWarnings("unchecked")
    List<R> collect(Duration timeout) {
        long deadline = timeout == null ? -1 : System.nanoTime() + timeout.toNanos();
        List<R> out = new ArrayList<>();
        awaitAll(deadline);
        try {
            while (hasMoreChunks()) {
                Object[] chunk = awaitChunk(deadline);
                for (Object o : chunk) {
                    out.add((R) o);
                }
            }
        } catch (RuntimeException e) {
            cancelRest();
            throw e;
        }
        return out;
    }

    /** Waits until every chunk is in or one has failed: one wake-up instead of one per chunk. */
    private synchronized void awaitAll(long deadline) {
        collecting = true;
        try {
            while (!open.isEmpty() && failure == null) {
                if (deadline < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return; // awaitChunk reports the timeout
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting for a map result", e);
        }
    }

    /** Withdraws what has not run: a map that failed or timed out leaves nothing behind. */
    private void cancelRest() {
        List<Chunk> left;
        synchronized (this) {
            left = new ArrayList<>(open);
        }
        for (Chunk c : left) {
            pool.withdraw(c);
            c.fail(new CancellationException("map failed or timed out"));
        }
    }
}
