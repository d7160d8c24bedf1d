package dev.ipckit.internal.queue;

import dev.ipckit.internal.queue.Calls;
import dev.ipckit.internal.queue.QueueWire.Call;
import dev.ipckit.internal.queue.QueueWire.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Serves one child's queue calls on the cores this process owns. Waiting calls park a waiter on the
 * core and answer when it completes; the timeout is kept here, so the owner alone decides whether an
 * item went to a getter — no item is lost or duplicated by a race with the caller's clock.
 */
public final class QueueServer {
    /**
     * The call id of a put that expects no reply: a put to an unbounded queue, which the owner takes whatever
     * its byte bound (the child bounds these, see {@link RemoteQueue}). Only a failure is answered, on this id.
     */
    public static final int ASYNC_PUT = 0;

    private final QueueRegistry registry;
    private final ScheduledExecutorService timer;
    private final BiConsumer<Integer, byte[]> reply;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Leases leases;
    /** Per queue: bytes this child put without an answer since its last put that waited. */
    private final Map<Integer, Long> unanswered = new ConcurrentHashMap<>();

    /** A call relayed to the owner of a passed-on queue: its id there. */
    private record Relay(Calls calls, int id) {
    }

    private final Map<Integer, Relay> relays = new ConcurrentHashMap<>();

    private record Pending(QueueCore core, QueueCore.Waiter waiter, Result onWithdraw) {
    }

    /**
     * @param registry the queues of this process
     * @param timer runs timeouts
     * @param reply sends a reply payload for a call id
     */
    public QueueServer(QueueRegistry registry, ScheduledExecutorService timer, BiConsumer<Integer, byte[]> reply) {
        this.registry = registry;
        this.timer = timer;
        this.reply = reply;
        this.leases = new Leases(registry);
    }

    /**
     * @param callId the call's id
     * @param payload the call payload
     */
    public void onCall(int callId, byte[] payload) {
        Call c;
        try {
            c = QueueWire.call(payload);
        } catch (RuntimeException e) {
            reply.accept(callId, QueueWire.reply(Result.error(e.getMessage())));
            return;
        }
        QueueCore core = registry.find(c.queueId());
        if (core == null) {
            QueueForward forward = registry.forwarded(c.queueId());
            if (forward != null) {
                relay(callId, c, forward);
                return;
            }
        }
        if (callId == ASYNC_PUT) {
            long owed = unanswered.merge(c.queueId(), c.item().bytes().length + 64L, Long::sum);
            // a child keeping the protocol waits after RemoteQueue.ASYNC_PUT_BYTES; one that does not is refused
            Result r = owed > 2 * RemoteQueue.ASYNC_PUT_BYTES
                    ? Result.error("too many puts without an answer (the peer does not wait for room), queue="
                            + c.queueId())
                    : core == null ? Result.CLOSED : core.putWithoutByteBound(c.item());
            if (r.status() != Result.Status.OK) {
                // the child learns at its next operation on this queue: nothing is lost silently
                reply.accept(ASYNC_PUT, QueueWire.asyncFailure(c.queueId(), r));
            }
            return;
        }
        if (core == null) {
            reply.accept(callId, QueueWire.reply(Result.CLOSED));
            return;
        }
        if (c.op() == Op.SIZE) {
            reply.accept(callId, QueueWire.sizeReply(core.size()));
            return;
        }
        if (c.op() == Op.PUT_BACK) {
            core.putBack(c.item());
            return;
        }
        if (c.op() == Op.RELEASE) {
            leases.release(c.queueId(), QueueWire.bodyInt(c.item(), 0));
            return;
        }
        if (c.op() == Op.GET_MANY) {
            getMany(callId, c, core);
            return;
        }
        if (c.op() == Op.TASK_DONE) {
            reply.accept(callId, QueueWire.reply(core.taskDone()));
            return;
        }
        if (c.op() == Op.PUT) {
            unanswered.remove(c.queueId());
        }
        boolean wait = c.timeoutNanos() != 0;
        QueueCore.Waiter w = wait || c.op() == Op.JOIN ? new QueueCore.Waiter(c.item()) : null;
        Result onTimeout = c.op() == Op.PUT ? Result.FULL : Result.EMPTY;
        Result now = switch (c.op()) {
            case PUT -> core.put(c.item(), wait, w);
            case GET -> core.get(wait, w);
            case JOIN -> core.join(w);
            default -> Result.error("unexpected operation " + c.op());
        };
        if (now == null && !wait) {
            core.withdraw(w, onTimeout);
            now = w.join();
        }
        if (now != null) {
            reply.accept(callId, QueueWire.reply(now));
            return;
        }
        QueueCore.Waiter parked = w;
        pending.put(callId, new Pending(core, parked, onTimeout));
        parked.thenAccept(r -> {
            pending.remove(callId);
            try {
                reply.accept(callId, QueueWire.reply(r));
            } catch (RuntimeException e) {
                // the child is gone or exiting: an item on its way to it goes back to the head of the queue
                if (r.item() != null && c.op() == Op.GET) {
                    core.putBack(r.item());
                }
            }
        });
        if (c.timeoutNanos() > 0) {
            timer.schedule(() -> core.withdraw(parked, onTimeout), c.timeoutNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A call on a queue this process passed on ({@link QueueForward}): sent on to the owner, its answer sent
     * back. A get's item that can no longer reach the child (it is gone) goes back to the head of the queue,
     * as the owner does for its own children. A child of a passed-on queue does not prefetch (its handle
     * was made with prefetch 1), so no item is lent to it here.
     */
    private void relay(int callId, Call c, QueueForward forward) {
        int upstream = forward.upstreamId();
        Calls calls = forward.calls();
        switch (c.op()) {
            case PUT_BACK -> calls.sendOneWay(upstream, Op.PUT_BACK, c.item());
            case RELEASE -> {
                // nothing was lent to this child
            }
            case GET_MANY -> reply.accept(callId, QueueWire.reply(Result.error(
                    "a prefetch on a passed-on queue (its handle does not prefetch), queue=" + c.queueId())));
            default -> {
                boolean async = callId == ASYNC_PUT;
                // a put the child sent without waiting is relayed as one that is answered: a failure reaches it
                Calls.Relayed r = calls.relay(upstream, c.op(), async ? -1 : c.timeoutNanos(), c.item());
                if (!async) {
                    relays.put(callId, new Relay(calls, r.id()));
                    if (r.reply().isDone()) {
                        relays.remove(callId); // answered before it was recorded
                    }
                }
                r.reply().whenComplete((payload, gone) -> {
                    relays.remove(callId);
                    Result result = gone != null ? Result.CLOSED : QueueWire.reply(payload, c.op());
                    if (async) {
                        if (result.status() != Result.Status.OK) {
                            answer(ASYNC_PUT, QueueWire.asyncFailure(c.queueId(), result));
                        }
                        return;
                    }
                    if (!answer(callId, gone != null ? QueueWire.reply(result) : payload)
                            && c.op() == Op.GET && result.item() != null) {
                        calls.sendOneWay(upstream, Op.PUT_BACK, result.item());
                    }
                });
            }
        }
    }

    /** @return whether the answer went to the child (false: it is gone) */
    private boolean answer(int callId, byte[] payload) {
        try {
            reply.accept(callId, payload);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A child's prefetch: what is there now, else the first item to come, lent to the child until it takes it. */
    private void getMany(int callId, Call c, QueueCore core) {
        int queueId = c.queueId();
        leases.taken(queueId, QueueWire.bodyInt(c.item(), 0));
        int max = Math.max(1, QueueWire.bodyInt(c.item(), 1));
        int maxBytes = QueueWire.bodyInt(c.item(), 2);
        boolean wait = c.timeoutNanos() != 0;
        QueueCore.Waiter w = wait ? new QueueCore.Waiter(null) : null;
        List<Item> batch = new ArrayList<>();
        Result now = core.getMany(max, maxBytes, batch, wait, w);
        if (now == Result.OK) {
            sendBatch(callId, queueId, batch);
            return;
        }
        if (now != null) {
            reply.accept(callId, QueueWire.reply(now));
            return;
        }
        pending.put(callId, new Pending(core, w, Result.EMPTY));
        w.thenAccept(r -> {
            pending.remove(callId);
            if (r.item() != null) {
                sendBatch(callId, queueId, List.of(r.item()));
                return;
            }
            try {
                reply.accept(callId, QueueWire.reply(r));
            } catch (RuntimeException e) {
                // the child is gone: nothing was on its way
            }
        });
        if (c.timeoutNanos() > 0) {
            timer.schedule(() -> core.withdraw(w, Result.EMPTY), c.timeoutNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void sendBatch(int callId, int queueId, List<Item> batch) {
        if (!leases.lend(queueId, batch)) {
            return; // the child is gone; the batch went back
        }
        try {
            reply.accept(callId, QueueWire.batchReply(batch));
        } catch (RuntimeException e) {
            leases.unsent(queueId, batch);
        }
    }

    /**
     * The caller gave up: withdraw its waiter if it still waits (it then gets the timeout answer).
     *
     * @param callId the call
     */
    public void onCancel(int callId) {
        Relay relayed = relays.get(callId);
        if (relayed != null) {
            cancelRelay(callId, relayed);
            return;
        }
        Pending p = pending.get(callId);
        if (p != null) {
            p.core().withdraw(p.waiter(), p.onWithdraw());
        }
    }

    /**
     * The child is gone: withdraw everything it waits for, so no item is handed to a dead process, and put
     * back at the head of their queues the items it had prefetched and not said it took.
     */
    public void closeAll() {
        for (Pending p : pending.values()) {
            p.core().withdraw(p.waiter(), Result.CLOSED);
        }
        pending.clear();
        leases.closeAll();
        relays.forEach(this::cancelRelay); // their answers find the child gone: an item goes back
    }

    private void cancelRelay(int callId, Relay relay) {
        try {
            relay.calls().cancel(relay.id());
        } catch (RuntimeException e) {
            // the owner is gone: the relayed call fails by itself
        }
    }
}
