package dev.ipckit.hazelcast;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;

/**
 * What {@code submit} and {@code applyAsync} return: running it sends the call; cancelling it withdraws a
 * queued call or interrupts a running one on its member.
 *
 * @param <T> the result type
 */
final class ClusterFuture<T> extends CompletableFuture<T> implements RunnableFuture<T>, ClusterChunk.Sink {
    private final ClusterPool pool;
    private final ClusterChunk.FnRef fn;
    private final Object arg;
    private volatile ClusterChunk chunk;

    ClusterFuture(ClusterPool pool, ClusterChunk.FnRef fn, Object arg) {
        this.pool = pool;
        this.fn = fn;
        this.arg = arg;
    }

    @Override
    public void run() {
        ClusterChunk c = pool.newChunk(fn, new Object[] {arg}, 0, this);
        chunk = c;
        if (isDone()) {
            pool.releaseFn(fn);
            return;
        }
        pool.dispatch(c);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void done(ClusterChunk c, Object[] results) {
        pool.releaseFn(fn);
        complete((T) results[0]);
    }

    @Override
    public void failed(ClusterChunk c, Throwable error) {
        pool.releaseFn(fn);
        completeExceptionally(error);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        ClusterChunk c = chunk;
        if (cancelled && c != null) {
            pool.withdraw(c);
            c.fail(new CancellationException());
        }
        return cancelled;
    }
}
