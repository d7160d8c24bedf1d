package dev.ipckit.internal.queue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The items one child has prefetched and not yet said it took, per queue, oldest first. The owner holds
 * them for the child: when the child says it took some they are dropped, and what it gives up (a RELEASE,
 * or its death) goes back to the head of its queue in order, so a prefetched item is never lost.
 *
 * <p><b>Thread-safe.</b>
 */
final class Leases {
    private final QueueRegistry registry;
    private final Map<Integer, ArrayDeque<Item>> byQueue = new HashMap<>();
    private boolean closed;

    /** @param registry finds a queue to give items back to */
    Leases(QueueRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param queueId the queue
     * @param items a batch about to be sent to the child
     * @return false if the child is gone: the items were given back at once and must not be sent
     */
    synchronized boolean lend(int queueId, List<Item> items) {
        if (closed) {
            giveBack(queueId, new ArrayDeque<>(items));
            return false;
        }
        byQueue.computeIfAbsent(queueId, q -> new ArrayDeque<>()).addAll(items);
        return true;
    }

    /**
     * @param queueId the queue
     * @param taken how many of the oldest lent items the child has taken
     */
    synchronized void taken(int queueId, int taken) {
        ArrayDeque<Item> lent = byQueue.get(queueId);
        for (int k = 0; k < taken && lent != null && !lent.isEmpty(); k++) {
            lent.poll();
        }
    }

    /**
     * A batch could not be sent: what of it is still lent goes back.
     *
     * @param queueId the queue
     * @param items the batch
     */
    synchronized void unsent(int queueId, List<Item> items) {
        ArrayDeque<Item> lent = byQueue.get(queueId);
        if (lent == null) {
            return; // given back already, with the rest
        }
        ArrayDeque<Item> back = new ArrayDeque<>();
        for (Item i : items) {
            if (lent.removeLastOccurrence(i)) {
                back.add(i);
            }
        }
        giveBack(queueId, back);
    }

    /**
     * The child stops prefetching from a queue: after {@code taken}, the rest goes back.
     *
     * @param queueId the queue
     * @param taken how many of the oldest lent items it took
     */
    synchronized void release(int queueId, int taken) {
        taken(queueId, taken);
        ArrayDeque<Item> lent = byQueue.remove(queueId);
        if (lent != null) {
            giveBack(queueId, lent);
        }
    }

    /** The child is gone: everything lent goes back; later batches are given back as they are lent. */
    synchronized void closeAll() {
        closed = true;
        byQueue.forEach(this::giveBack);
        byQueue.clear();
    }

    /** Puts items back at the head of their queue, keeping their order. */
    private void giveBack(int queueId, ArrayDeque<Item> items) {
        QueueCore core = registry.find(queueId);
        if (core == null) {
            return; // the queue was closed: nobody can get from it any more
        }
        for (var it = items.descendingIterator(); it.hasNext(); ) {
            core.putBack(it.next());
        }
    }
}
