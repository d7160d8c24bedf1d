package dev.ipckit.internal.queue;

import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queues this process owns, by id, for the remote calls of its children, and the queues of its own
 * parent it passed on to them (relayed, {@link QueueForward}). Held weakly: a queue lives
 * while this process uses it or a child that was handed it is alive.
 */
public final class QueueRegistry {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, WeakReference<QueueCore>> cores = new ConcurrentHashMap<>();
    private final Map<Integer, WeakReference<QueueForward>> forwards = new ConcurrentHashMap<>();

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

    /**
     * Registers a queue this process holds a handle to, passed on to a child: that child's calls on the id
     * returned are relayed to the queue's owner. Held weakly, as cores are; the child's session holds it.
     *
     * @param forward the handle's way to the owner
     * @return the id the child uses
     */
    public int forward(QueueForward forward) {
        int id = ids.incrementAndGet();
        forwards.put(id, new WeakReference<>(forward));
        forwards.values().removeIf(r -> r.get() == null);
        return id;
    }

    /**
     * @param id a queue id
     * @return the forward registered under it, or null
     */
    QueueForward forwarded(int id) {
        WeakReference<QueueForward> r = forwards.get(id);
        return r == null ? null : r.get();
    }

    /** @param id a closed queue */
    void remove(int id) {
        cores.remove(id);
    }
}
