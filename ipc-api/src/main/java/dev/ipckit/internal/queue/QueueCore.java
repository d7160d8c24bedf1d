package dev.ipckit.internal.queue;

import dev.ipckit.internal.metrics.Meters;
import dev.ipckit.internal.metrics.QueueMeter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The storage of a queue in the process that owns it: serialized items, and the getters, putters and
 * joiners waiting on it, local threads and remote calls alike, served first come first served.
 *
 * <p>Every operation either answers at once (a non-null {@link Result}) or parks its {@link Waiter} and
 * answers later by completing it. Waiters are completed outside the lock, so completing one may send a
 * frame without holding up the queue.
 *
 * <p>Besides its capacity in items, a queue holds at most {@link #maxBytes} bytes of items (the property
 * {@value #MAX_BYTES_PROP}, default 64 MiB): a put past it waits (or an offer fails) as on a full queue, so
 * a fast producer cannot fill the owner's heap. One item larger than that fits an empty queue.
 *
 * <p><b>Thread-safe.</b>
 */
public final class QueueCore {
    /** The property that sets the most bytes of items a queue holds. */
    public static final String MAX_BYTES_PROP = "ipckit.queue.maxBytes";
    /** Its default: 64 MiB. */
    public static final long MAX_BYTES_DEFAULT = 64L << 20;
    /** Counted per item beyond its bytes: its objects on the heap. */
    private static final int ITEM_OVERHEAD = 64;

    private final int id;
    private final int capacity;
    private final long maxBytes;
    private long bytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    private final List<Waiter> joiners = new ArrayList<>();
    private long unfinished;
    private boolean closed;
    private final QueueMeter meter;

    /** A waiting operation: a future result, and for a putter, its item. */
    public static final class Waiter extends CompletableFuture<Result> {
        final Item item;
        /** When a putter started waiting for room, for the back-pressure meter. */
        long parkedAt;

        /** @param item the item a putter offers, or null for a getter or joiner */
        public Waiter(Item item) {
            this.item = item;
        }
    }

    /**
     * @param id the queue's id in this process
     * @param capacity the most items it holds
     */
    public QueueCore(int id, int capacity) {
        this(id, capacity, Long.getLong(MAX_BYTES_PROP, MAX_BYTES_DEFAULT));
    }

    /**
     * @param id the queue's id in this process
     * @param capacity the most items it holds
     * @param maxBytes the most bytes of items it holds (one larger item fits an empty queue)
     */
    public QueueCore(int id, int capacity, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("queue byte bound must be positive, maxBytes=" + maxBytes);
        }
        this.id = id;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.meter = QueueMeter.open("queue-" + id, this, QueueCore::depthOrClosed);
    }

    /** @return the items held, or -1 once it is closed and drained (for the meter) */
    private int depthOrClosed() {
        lock.lock();
        try {
            return closed && items.isEmpty() ? -1 : items.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return the most bytes of items it holds */
    public long maxBytes() {
        return maxBytes;
    }

    private static long cost(Item item) {
        return item.bytes().length + (long) ITEM_OVERHEAD;
    }

    /** Under the lock: whether an item fits now. */
    private boolean fits(Item item) {
        return items.size() < capacity && (items.isEmpty() || bytes + cost(item) <= maxBytes);
    }

    private void hold(Item item, boolean first) {
        bytes += cost(item);
        if (first) {
            items.addFirst(item);
        } else {
            items.add(item);
        }
    }

    /** @return the queue's id */
    public int id() {
        return id;
    }

    /** @return its capacity */
    public int capacity() {
        return capacity;
    }

    /**
     * @param item the item
     * @param wait whether to park {@code waiter} if the queue is full
     * @param waiter parked if the put must wait
     * @return the result now, or null if {@code waiter} was parked
     */
    public Result put(Item item, boolean wait, Waiter waiter) {
        return put(item, wait, waiter, false);
    }

    /**
     * A put that the byte bound does not hold back: for a child's puts without an answer, whose bytes the
     * child bounds itself (it makes every so many bytes a put that waits). The item capacity still holds.
     *
     * @param item the item
     * @return OK, FULL or CLOSED
     */
    public Result putWithoutByteBound(Item item) {
        return put(item, false, null, true);
    }

    private Result put(Item item, boolean wait, Waiter waiter, boolean anyBytes) {
        Waiter served = null;
        Result now;
        lock.lock();
        try {
            if (closed) {
                now = Result.CLOSED;
            } else if (anyBytes ? items.size() < capacity : putters.isEmpty() && fits(item)) {
                unfinished++;
                meter.put(1);
                served = getters.poll();
                if (served == null) {
                    hold(item, false);
                } else {
                    meter.got(1);
                }
                now = Result.OK;
            } else if (!wait) {
                now = Result.FULL;
            } else {
                putters.add(waiter);
                meter.fullWait();
                waiter.parkedAt = System.nanoTime();
                return null;
            }
        } finally {
            lock.unlock();
        }
        if (served != null) {
            served.complete(Result.of(item));
        }
        return now;
    }

    /**
     * Puts an item back at the head: one a getter gave up after it was already handed over. Always fits.
     * @param item the item
     */
    public void putBack(Item item) {
        Waiter served;
        lock.lock();
        try {
            served = getters.poll();
            if (served == null) {
                hold(item, true); // counted as got when it was handed over: gets only grow
            }
        } finally {
            lock.unlock();
        }
        if (served != null) {
            served.complete(Result.of(item));
        }
    }

    /**
     * @param wait whether to park {@code waiter} if the queue is empty
     * @param waiter parked if the get must wait
     * @return the result now, or null if {@code waiter} was parked
     */
    public Result get(boolean wait, Waiter waiter) {
        List<Item> one = new ArrayList<>(1);
        Result r = getMany(1, 0, one, wait, waiter);
        return r == Result.OK ? Result.of(one.get(0)) : r;
    }

    /**
     * Gets what is there, up to a count and a byte budget (at least one item, whatever its size): a child's
     * prefetch. Waits like {@link #get} only while the queue is empty; the waiter then gets one item.
     *
     * @param max the most items
     * @param maxBytes the most bytes of items after the first
     * @param out receives the items, in queue order
     * @param wait whether to park {@code waiter} if the queue is empty
     * @param waiter parked if the get must wait
     * @return OK with {@code out} filled, EMPTY or CLOSED, or null if {@code waiter} was parked
     */
    public Result getMany(int max, long maxBytes, List<Item> out, boolean wait, Waiter waiter) {
        List<Waiter> admitted = null;
        boolean drained;
        Result now;
        lock.lock();
        try {
            long taken = 0;
            Item head;
            while (out.size() < max && (head = items.peek()) != null
                    && (out.isEmpty() || taken + cost(head) <= maxBytes)) {
                items.poll();
                bytes -= cost(head);
                taken += cost(head);
                out.add(head);
            }
            meter.got(out.size());
            drained = closed && items.isEmpty() && !out.isEmpty();
            if (!out.isEmpty()) {
                // putters that fit now, in order: one large item taken may make room for several
                while (!putters.isEmpty() && fits(putters.peek().item)) {
                    Waiter w = putters.poll();
                    hold(w.item, false);
                    unfinished++;
                    meter.put(1);
                    if (admitted == null) {
                        admitted = new ArrayList<>(1);
                    }
                    admitted.add(w);
                }
                now = Result.OK;
            } else if (closed) {
                now = Result.CLOSED;
            } else if (!wait) {
                now = Result.EMPTY;
            } else {
                getters.add(waiter);
                return null;
            }
        } finally {
            lock.unlock();
        }
        if (drained) {
            meter.ended();
        }
        if (admitted != null) {
            long t = System.nanoTime();
            for (Waiter w : admitted) {
                Meters.backPressure(t - w.parkedAt);
                w.complete(Result.OK);
            }
        }
        return now;
    }

    /**
     * Takes a parked waiter back, for a timeout or a cancel.
     *
     * @param waiter the waiter
     * @param outcome what to complete it with if it was still waiting
     * @return whether it was still waiting (and is now completed with {@code outcome})
     */
    public boolean withdraw(Waiter waiter, Result outcome) {
        boolean removed;
        lock.lock();
        try {
            removed = getters.remove(waiter) || putters.remove(waiter) || joiners.remove(waiter);
        } finally {
            lock.unlock();
        }
        if (removed) {
            if (waiter.parkedAt != 0) {
                Meters.backPressure(System.nanoTime() - waiter.parkedAt);
            }
            waiter.complete(outcome);
        }
        return removed;
    }

    /**
     * Marks one item done.
     *
     * @return OK, or ERROR if more were marked done than put
     */
    public Result taskDone() {
        List<Waiter> done;
        lock.lock();
        try {
            if (unfinished == 0) {
                return Result.error("taskDone() called more times than items were put, queue=" + id);
            }
            if (--unfinished > 0) {
                return Result.OK;
            }
            done = new ArrayList<>(joiners);
            joiners.clear();
        } finally {
            lock.unlock();
        }
        done.forEach(w -> w.complete(Result.OK));
        return Result.OK;
    }

    /**
     * @param waiter parked until the unfinished count is zero
     * @return OK now, or null if parked
     */
    public Result join(Waiter waiter) {
        lock.lock();
        try {
            if (unfinished == 0) {
                return Result.OK;
            }
            joiners.add(waiter);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** @return the number of items */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes: puts fail from now on, getters drain what is left and then see CLOSED. */
    public void close() {
        List<Waiter> out = new ArrayList<>();
        boolean drained;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            out.addAll(getters);
            out.addAll(putters);
            getters.clear();
            putters.clear();
            drained = items.isEmpty();
        } finally {
            lock.unlock();
        }
        if (drained) {
            meter.ended();
        }
        long t = System.nanoTime();
        for (Waiter w : out) {
            if (w.parkedAt != 0) {
                Meters.backPressure(t - w.parkedAt);
            }
            w.complete(Result.CLOSED);
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
