package dev.ipckit.internal.queue;

import dev.ipckit.internal.child.Calls;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child's handle to a queue its parent owns: every operation is a remote call over the link.
 *
 * @param <E> the item type
 */
public final class RemoteQueue<E> extends AbstractIpcQueue<E> implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Bytes a child puts to an unbounded queue without waiting for an answer before it makes one put that
     * waits: the owner holds at most its byte bound plus this much per child ({@link QueueCore}).
     */
    static final long ASYNC_PUT_BYTES = 1L << 20;

    private final transient Calls calls;
    private final transient AtomicLong unansweredBytes = new AtomicLong();
    private transient volatile boolean detached;

    /**
     * @param ref what the parent sent
     * @param calls the remote-call client of this child
     */
    public RemoteQueue(QueueRef ref, Calls calls) {
        super(ref.id(), ref.capacity(), ref.joinable(), ref.serializer());
        this.calls = calls;
    }

    private Result call(QueueWire.Op op, long timeoutNanos, Item item) {
        if (detached) {
            throw new IllegalStateException("queue was closed in this process, queue=" + id);
        }
        return calls.queueCall(id, op, timeoutNanos, item);
    }

    @Override
    protected Result putItem(Item item, long timeoutNanos) {
        if (capacity == Integer.MAX_VALUE
                && unansweredBytes.addAndGet(item.bytes().length + 64L) <= ASYNC_PUT_BYTES) {
            if (detached) {
                throw new IllegalStateException("queue was closed in this process, queue=" + id);
            }
            return calls.queuePutAsync(id, item);
        }
        // a put that waits for room: what the owner holds stays bounded however fast this child puts
        Result r = call(QueueWire.Op.PUT, timeoutNanos, item);
        unansweredBytes.set(0);
        return r;
    }

    @Override
    protected Result getItem(long timeoutNanos) {
        return call(QueueWire.Op.GET, timeoutNanos, null);
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
            throw new dev.ipckit.PeerClosedException("queue is closed, queue=" + id);
        }
        return r.item() == null ? 0 : ByteBuffer.wrap(r.item().bytes()).getInt();
    }

    /** Ends this process's use of the queue; the queue itself stays open for the others. */
    @Override
    public void close() {
        detached = true;
    }

    private Object writeReplace() throws ObjectStreamException {
        throw new NotSerializableException(dev.ipckit.Queue.class.getName()
                + " (a queue received from the parent cannot be passed on to another process yet)");
    }
}
