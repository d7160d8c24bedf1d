package dev.ipckit.internal.queue;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queues this process owns, by id, for the remote calls of its children. Held weakly: a queue lives
 * while this process uses it or a child that was handed it is alive.
 */
public final class QueueRegistry {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, WeakReference<QueueCore>> cores = new ConcurrentHashMap<>();

    /**
     * @param capacity the most items
     * @return a new, registered core
     */
    public QueueCore create(int capacity) {
        QueueCore core = new QueueCore(ids.incrementAndGet(), capacity);
        cores.put(core.id(), new WeakReference<>(core));
        cores.values().removeIf(r -> r.get() == null);
        return core;
    }

    /**
     * @param id a queue id
     * @return its core, or null if closed or collected
     */
    public QueueCore find(int id) {
        WeakReference<QueueCore> r = cores.get(id);
        return r == null ? null : r.get();
    }

    /** @param id a closed queue */
    void remove(int id) {
        cores.remove(id);
    }
}
