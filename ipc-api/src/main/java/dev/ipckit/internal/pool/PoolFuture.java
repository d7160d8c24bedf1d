package dev.ipckit.internal.pool;

import dev.ipckit.Fn;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;

/** What {@code submit} returns: running it queues the call; cancelling it withdraws a queued call. */
final class PoolFuture<T> extends CompletableFuture<T> implements RunnableFuture<T>, Chunk.Sink {
    private final PoolCore pool;
    private final Fn<Object, Object> fn;
    private volatile Chunk chunk;

    PoolFuture(PoolCore pool, Fn<Object, Object> fn) {
        this.pool = pool;
        this.fn = fn;
    }

    @Override
    public void run() {
        chunk = pool.enqueue(fn, pool.newFnId(fn), new Object[] {null}, 0, this);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void done(Chunk c, Object[] results) {
        complete((T) results[0]);
    }

    @Override
    public void failed(Chunk c, Throwable error) {
        completeExceptionally(error);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Chunk c = chunk;
        if (cancelled && c != null) {
            pool.withdraw(c);
            c.fail(new CancellationException());
        }
        return cancelled;
    }
}
