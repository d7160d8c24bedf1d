package dev.ipckit.internal.queue;

import dev.ipckit.JoinableQueue;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Serializer;
import dev.ipckit.internal.Payloads;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The typed forms of a queue over five primitives, so the owner's queue and a child's handle behave
 * alike. A timeout of 0 means "do not wait", a negative one "wait as long as it takes".
 *
 * @param <E> the item type
 */
public abstract class AbstractIpcQueue<E> implements JoinableQueue<E> {
    /** Encodes and decodes items. */
    protected final Serializer serializer;
    /** The queue's id in its owner. */
    protected final int id;
    /** Its capacity. */
    protected final int capacity;
    /** Whether taskDone/join are offered. */
    protected final boolean joinable;

    /**
     * @param id the queue's id in its owner
     * @param capacity its capacity
     * @param joinable whether taskDone/join are offered
     * @param serializer encodes and decodes items
     */
    protected AbstractIpcQueue(int id, int capacity, boolean joinable, Serializer serializer) {
        this.id = id;
        this.capacity = capacity;
        this.joinable = joinable;
        this.serializer = serializer;
    }

    /**
     * @param item the serialized item
     * @param timeoutNanos 0 no wait, negative forever
     * @return OK, FULL or CLOSED
     */
    protected abstract Result putItem(Item item, long timeoutNanos);

    /**
     * @param timeoutNanos 0 no wait, negative forever
     * @return OK with an item, EMPTY or CLOSED
     */
    protected abstract Result getItem(long timeoutNanos);

    /** @return OK or ERROR */
    protected abstract Result markDone();

    /**
     * @param timeoutNanos negative forever
     * @return OK, or EMPTY on timeout
     */
    protected abstract Result awaitDone(long timeoutNanos);

    private Item encode(E item) {
        Objects.requireNonNull(item, "queue items may not be null");
        byte[] bytes = serializer.encode(item);
        return new Item(serializer.id(), bytes);
    }

    @SuppressWarnings("unchecked")
    private E decode(Result r) {
        return switch (r.status()) {
            case OK -> (E) Payloads.decode(r.item().codec(), r.item().bytes(), serializer);
            case EMPTY -> null;
            case CLOSED -> throw closed();
            default -> throw new IllegalStateException(r.message());
        };
    }

    private boolean accepted(Result r) {
        return switch (r.status()) {
            case OK -> true;
            case FULL -> false;
            case CLOSED -> throw closed();
            default -> throw new IllegalStateException(r.message());
        };
    }

    /**
     * @return what a put, or a get on a drained queue, throws once the queue is closed: {@link PeerClosedException}
     *         when another process closed it, {@link dev.ipckit.QueueClosedException} when this one did
     */
    protected abstract RuntimeException closed();

    private static long nanos(Duration timeout) {
        return Math.max(0, timeout.toNanos());
    }

    @Override
    public void add(E item) {
        if (!offer(item)) {
            throw new IllegalStateException("queue full, queue=" + id + ", capacity=" + capacity);
        }
    }

    @Override
    public boolean offer(E item) {
        return accepted(putItem(encode(item), 0));
    }

    @Override
    public void put(E item) {
        accepted(putItem(encode(item), -1));
    }

    @Override
    public boolean offer(E item, Duration timeout) {
        return accepted(putItem(encode(item), nanos(timeout)));
    }

    @Override
    public E remove() {
        E e = poll();
        if (e == null) {
            throw new NoSuchElementException("queue empty, queue=" + id);
        }
        return e;
    }

    @Override
    public E poll() {
        return decode(getItem(0));
    }

    @Override
    public E take() {
        return decode(getItem(-1));
    }

    @Override
    public E poll(Duration timeout) {
        return decode(getItem(nanos(timeout)));
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void taskDone() {
        checkJoinable();
        Result r = markDone();
        if (r.status() == Result.Status.ERROR) {
            throw new IllegalStateException(r.message());
        }
    }

    @Override
    public void join() {
        checkJoinable();
        awaitDone(-1);
    }

    @Override
    public boolean join(Duration timeout) {
        checkJoinable();
        return awaitDone(nanos(timeout)).status() == Result.Status.OK;
    }

    private void checkJoinable() {
        if (!joinable) {
            throw new UnsupportedOperationException("not a JoinableQueue, queue=" + id);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + ", capacity=" + capacity + "]";
    }
}
