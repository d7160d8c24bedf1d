package dev.ipckit.internal.queue;

import dev.ipckit.PeerClosedException;
import dev.ipckit.Queue;
import dev.ipckit.QueueClosedException;
import dev.ipckit.SerializationException;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * A child's handle to a queue its parent owns: every operation is a remote call over the link.
 *
 * @param <E> the item type
 */
public final class RemoteQueue<E> extends AbstractIpcQueue<E> {
    /**
     * Bytes a child puts to an unbounded queue without waiting for an answer before it makes one put that
     * waits: the owner holds at most its byte bound plus this much per child ({@link QueueCore}).
     */
    static final long ASYNC_PUT_BYTES = 1L << 20;

    /** The most bytes of items one prefetch brings after its first. */
    static final int PREFETCH_BYTES = 256 * 1024;

    private final Calls calls;
    private final AtomicLong unansweredBytes = new AtomicLong();
    private final int prefetch;
    /** Items prefetched and not yet taken, in queue order; lent to this process by the owner. */
    private final ArrayDeque<Item> fetched = new ArrayDeque<>();
    /** Held by the one thread that prefetches; another thread wanting an item meanwhile makes a plain get. */
    private final ReentrantLock fetching = new ReentrantLock();
    /** Prefetched items taken since the owner was last told. Guarded by {@code fetched}. */
    private int taken;
    private Runnable unregister;
    private volatile boolean detached;

    /**
     * @param ref what the parent sent
     * @param calls the remote-call client of this child
     */
    public RemoteQueue(QueueRef ref, Calls calls) {
        super(ref.id(), ref.capacity(), ref.joinable(), ref.serializer());
        this.calls = calls;
        this.prefetch = ref.prefetch();
    }

    private QueueClosedException detachedError() {
        return new QueueClosedException("this process closed its use of the queue, queue=" + id);
    }

    /** The owner closed it (a handle closed here fails earlier, with {@link QueueClosedException}). */
    @Override
    protected RuntimeException closed() {
        return new PeerClosedException("queue is closed by its owner, queue=" + id);
    }

    private Result call(QueueWire.Op op, long timeoutNanos, Item item) {
        if (detached) {
            throw detachedError();
        }
        return calls.queueCall(id, op, timeoutNanos, item);
    }

    @Override
    protected Result putItem(Item item, long timeoutNanos) {
        if (capacity == Integer.MAX_VALUE
                && unansweredBytes.addAndGet(item.bytes().length + 64L) <= ASYNC_PUT_BYTES) {
            if (detached) {
                throw detachedError();
            }
            return calls.queuePutAsync(id, item);
        }
        // a put that waits for room: what the owner holds stays bounded however fast this child puts
        Result r = call(QueueWire.Op.PUT, timeoutNanos, item);
        unansweredBytes.set(0);
        return r;
    }

    /**
     * A get: from what was prefetched if anything is left, else a prefetch of up to {@code prefetch} items
     * (what the queue holds now, or the first to come), else — prefetch off, or another thread of this
     * process prefetching just now — one remote get.
     */
    @Override
    protected Result getItem(long timeoutNanos) {
        Item next = takeFetched();
        if (next != null) {
            return Result.of(next);
        }
        if (prefetch <= 1 || !fetching.tryLock()) {
            return call(QueueWire.Op.GET, timeoutNanos, null);
        }
        try {
            next = takeFetched();
            if (next != null) {
                return Result.of(next);
            }
            if (detached) {
                throw detachedError();
            }
            List<Item> batch = new ArrayList<>();
            Result r;
            try {
                r = calls.queueBatch(id, timeoutNanos, QueueWire.getMany(told(), prefetch, PREFETCH_BYTES), batch);
            } finally {
                keep(batch); // also when interrupted: the items came, and are lent to this process
            }
            if (r.status() != Result.Status.OK) {
                return r;
            }
            next = takeFetched();
            return next != null ? Result.of(next) : Result.EMPTY;
        } finally {
            fetching.unlock();
        }
    }

    private Item takeFetched() {
        synchronized (fetched) {
            Item i = fetched.poll();
            if (i != null) {
                taken++;
            }
            return i;
        }
    }

    /** @return prefetched items taken since the owner was last told; from now on it is told */
    private int told() {
        synchronized (fetched) {
            int n = taken;
            taken = 0;
            return n;
        }
    }

    private void keep(List<Item> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (fetched) {
            fetched.addAll(batch);
            if (unregister == null) {
                unregister = calls.onRelease(this::release);
            }
        }
    }

    /** Gives back to the owner, in order, the prefetched items this process did not take. */
    private void release() {
        int n;
        synchronized (fetched) {
            if (unregister == null) {
                return;
            }
            n = taken;
            taken = 0;
            fetched.clear();
            unregister.run();
            unregister = null;
        }
        calls.sendOneWay(id, QueueWire.Op.RELEASE, QueueWire.release(n));
    }

    @Override
    protected Result markDone() {
        return call(QueueWire.Op.TASK_DONE, 0, null);
    }

    @Override
    protected Result awaitDone(long timeoutNanos) {
        return call(QueueWire.Op.JOIN, timeoutNanos, null);
    }

    @Override
    public int size() {
        Result r = call(QueueWire.Op.SIZE, 0, null);
        if (r.status() == Result.Status.CLOSED) {
            throw closed();
        }
        return r.item() == null ? 0 : ByteBuffer.wrap(r.item().bytes()).getInt();
    }

    /**
     * Ends this process's use of the queue; the queue itself stays open for the others, and gets back what
     * this process prefetched and did not take.
     */
    @Override
    public void close() {
        detached = true;
        try {
            release();
        } catch (RuntimeException ignored) {
            // the owner is gone: nothing to give back to
        }
    }

    /**
     * Passes this handle on to a child of this process, in the hand-over of the task that starts it: the
     * child gets a handle whose calls this process relays to the owner ({@link QueueForward}); it does not
     * prefetch, so no item is ever lent to a process in between.
     *
     * @param register records the relay for the child and returns its id in this process's registry
     * @return the reference that crosses in the queue's place
     * @throws SerializationException if this process closed its use of the queue
     */
    public QueueRef passOn(ToIntFunction<QueueForward> register) {
        if (detached) {
            throw new SerializationException("this process closed its use of the queue, it cannot pass it on, queue="
                    + id);
        }
        int local = register.applyAsInt(new QueueForward(id, calls));
        return new QueueRef(local, capacity, joinable, serializer, 1);
    }
}
