package dev.ipckit.internal.queue;

import dev.ipckit.IpcException;
import dev.ipckit.Queue;
import dev.ipckit.QueueClosedException;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A queue in the process that created it. Local calls work on the {@link QueueCore} directly; children
 * reach the same core through remote calls served by {@link QueueServer}.
 *
 * @param <E> the item type
 */
public final class OwnedQueue<E> extends AbstractIpcQueue<E> {
    private final QueueCore core;
    private final QueueRegistry registry;
    private final int prefetch;

    /**
     * @param core the storage
     * @param joinable whether taskDone/join are offered
     * @param serializer encodes and decodes items
     * @param registry where children look the core up
     * @param prefetch the most items a child's get fetches at once
     */
    public OwnedQueue(QueueCore core, boolean joinable, Serializer serializer, QueueRegistry registry, int prefetch) {
        super(core.id(), core.capacity(), joinable, serializer);
        this.core = core;
        this.registry = registry;
        this.prefetch = prefetch;
    }

    @Override
    protected Result putItem(Item item, long timeoutNanos) {
        QueueCore.Waiter w = timeoutNanos == 0 ? null : new QueueCore.Waiter(item);
        return await(w, core.put(item, w != null, w), timeoutNanos, Result.FULL);
    }

    @Override
    protected Result getItem(long timeoutNanos) {
        QueueCore.Waiter w = timeoutNanos == 0 ? null : new QueueCore.Waiter(null);
        return await(w, core.get(w != null, w), timeoutNanos, Result.EMPTY);
    }

    @Override
    protected Result markDone() {
        return core.taskDone();
    }

    @Override
    protected Result awaitDone(long timeoutNanos) {
        QueueCore.Waiter w = new QueueCore.Waiter(null);
        return await(w, core.join(w), timeoutNanos, Result.EMPTY);
    }

    private Result await(QueueCore.Waiter w, Result now, long timeoutNanos, Result onTimeout) {
        if (now != null) {
            return now;
        }
        try {
            return timeoutNanos < 0 ? w.get() : w.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            core.withdraw(w, onTimeout);
            return w.join();
        } catch (InterruptedException e) {
            if (!core.withdraw(w, onTimeout)) {
                Result r = w.join();
                if (r.item() != null && w.item == null) {
                    core.putBack(r.item());
                }
            }
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting on queue, queue=" + id, e);
        } catch (ExecutionException e) {
            throw new IpcException("queue operation failed, queue=" + id, e.getCause());
        }
    }

    @Override
    public int size() {
        return core.size();
    }

    /** The owner closed it: its own misuse from now on. */
    @Override
    protected RuntimeException closed() {
        return new QueueClosedException("queue is closed by this process, its owner, queue=" + id);
    }

    @Override
    public void close() {
        core.close();
        registry.remove(core.id());
    }

    /**
     * Hands this queue to another process: the process holds the core alive for as long as it lives.
     *
     * @param holder keeps the core alive for the receiving process
     * @return the reference that crosses in the queue's place
     * @throws SerializationException if this process closed the queue
     */
    public QueueRef handOver(Consumer<QueueCore> holder) {
        if (core.isClosed()) {
            throw new SerializationException("a closed queue cannot be handed over, queue=" + id);
        }
        holder.accept(core);
        return new QueueRef(id, capacity, joinable, serializer, prefetch);
    }
}
