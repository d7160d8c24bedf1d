package dev.ipckit.hazelcast;

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
 * One map over a cluster pool: reads its input in chunks, keeps at most a window of chunks queued or
 * running, and hands back results in input order or as they come — the local pool's map, imap and
 * imapUnordered. {@code map} uses an unbounded window; the iterators read an endless input only as far
 * as the window. When the run ends (all read, failed or timed out) its function leaves the cluster.
 *
 * <p>The iterator is for one consumer thread; results arrive on Hazelcast's threads.
 *
 * @param <R> the result type
 */
final class ClusterMapRun<R> implements Iterator<R>, ClusterChunk.Sink {
    private final ClusterPool pool;
    private final ClusterChunk.FnRef fn;
    private final Iterator<?> items;
    private final int chunksize;
    private final boolean bounded;
    private final boolean ordered;
    private final Map<Integer, Object[]> done = new HashMap<>();
    private final ArrayDeque<Object[]> arrivals = new ArrayDeque<>();
    private final List<ClusterChunk> open = new ArrayList<>();
    private Throwable failure;
    private int failedAt = Integer.MAX_VALUE;
    private long doneItems;
    private long readItems;
    private long totalItems = -1;
    private int queued;
    private int nextChunk;
    private boolean released;
    private Object[] current;
    private int index;

    ClusterMapRun(ClusterPool pool, ClusterChunk.FnRef fn, Iterator<?> items, int chunksize, boolean bounded,
                  boolean ordered) {
        if (chunksize <= 0) {
            throw new IllegalArgumentException("chunksize must be positive, chunksize=" + chunksize);
        }
        this.pool = pool;
        this.fn = fn;
        this.items = items;
        this.chunksize = chunksize;
        this.bounded = bounded;
        this.ordered = ordered;
        fill();
    }

    /** Queues chunks until the window is full or the input ends. Called by the consumer only. */
    private void fill() {
        while (true) {
            synchronized (this) {
                // chunks whose results the consumer has not taken count too, so a slow consumer holds the input back
                if (bounded && queued - nextChunk >= pool.lookAhead() || failure != null) {
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
            ClusterChunk c = pool.newChunk(fn, args.toArray(), queued, this);
            synchronized (this) {
                readItems += args.size();
                queued++;
                open.add(c);
            }
            pool.dispatch(c);
        }
    }

    @Override
    public void done(ClusterChunk c, Object[] results) {
        progressed(c);
        synchronized (this) {
            open.remove(c);
            if (ordered) {
                done.put(c.position, results);
            } else {
                arrivals.add(results);
            }
            notifyAll();
        }
    }

    @Override
    public void failed(ClusterChunk c, Throwable error) {
        progressed(c);
        synchronized (this) {
            open.remove(c);
            if (failure == null || ordered && c.position < failedAt) {
                failure = error;
                failedAt = c.position;
            }
            notifyAll();
        }
    }

    private void progressed(ClusterChunk c) {
        ProgressListener l = pool.options().progress();
        if (l == null) {
            return;
        }
        long d;
        long t;
        synchronized (this) {
            doneItems += c.size;
            d = doneItems;
            t = totalItems;
        }
        try {
            l.progress(d, t);
        } catch (RuntimeException e) {
            System.err.println("ipckit: a progress listener failed: " + e);
        }
    }

    @Override
    public boolean hasNext() {
        if (current != null && index < current.length) {
            return true;
        }
        fill();
        synchronized (this) {
            if (nextChunk < queued) {
                return true;
            }
        }
        release();
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (current == null || index >= current.length) {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                current = awaitChunk(-1);
            } catch (RuntimeException e) {
                cancelRest();
                throw e;
            }
            index = 0;
            fill();
        }
        return (R) current[index++];
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
        List<R> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, (long) queued * chunksize));
        try {
            while (true) {
                synchronized (this) {
                    if (nextChunk >= queued) {
                        break;
                    }
                }
                for (Object o : awaitChunk(deadline)) {
                    out.add((R) o);
                }
            }
        } catch (RuntimeException e) {
            cancelRest();
            throw e;
        } finally {
            release();
        }
        return out;
    }

    /** Withdraws what has not run: a map that failed or timed out leaves nothing behind. */
    private void cancelRest() {
        List<ClusterChunk> left;
        synchronized (this) {
            left = new ArrayList<>(open);
        }
        for (ClusterChunk c : left) {
            pool.withdraw(c);
            c.fail(new CancellationException("map failed or timed out"));
        }
        release();
    }

    /** The function leaves the cluster once no chunk of this run can need it. */
    private void release() {
        synchronized (this) {
            if (released || !open.isEmpty() && failure == null) {
                return;
            }
            released = true;
        }
        pool.releaseFn(fn);
    }
}
