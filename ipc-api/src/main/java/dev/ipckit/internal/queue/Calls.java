package dev.ipckit.internal.queue;

import dev.ipckit.IpcException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.internal.Outlet;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Leading;
import dev.ipckit.spi.Link;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A child's remote calls to its parent: each call is a CALL frame and waits for the REPLY with its id.
 * The parent keeps the timeouts; an interrupted caller sends CANCEL, and an item that was already on
 * its way is put back at the head of the queue, so nothing is lost.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Calls {
    private final Outlet parent;
    private final Link link;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, Result> failedQueues = new ConcurrentHashMap<>();
    private final Set<Runnable> releases = ConcurrentHashMap.newKeySet();
    private volatile String closedReason;

    /** @param link where CALL frames go and REPLY frames come from */
    public Calls(Link link) {
        this.parent = link::send;
        this.link = link;
    }

    /**
     * @param queueId the queue
     * @param op the operation
     * @param timeoutNanos 0 no wait, negative forever
     * @param item the item of a put, else null
     * @return the parent's answer
     * @throws PeerClosedException if the parent is gone
     */
    public Result queueCall(int queueId, QueueWire.Op op, long timeoutNanos, Item item) {
        Result failed = failedQueues.get(queueId);
        if (failed != null) {
            checkOpen();
            return failed;
        }
        return QueueWire.reply(exchange(queueId, op, timeoutNanos, item, late -> {
            Result r = QueueWire.reply(late, op);
            if (op == QueueWire.Op.GET && r.item() != null) {
                // the item was on its way when the caller gave up: back to the head of the queue
                sendOneWay(queueId, QueueWire.Op.PUT_BACK, r.item());
            }
        }), op);
    }

    /**
     * A prefetch: GET_MANY, its items added to {@code out} — also when the caller is interrupted after the
     * owner had sent them (they stay lent to this process, to be taken or released).
     *
     * @param queueId the queue
     * @param timeoutNanos 0 no wait, negative forever, for the first item
     * @param body the call's body ({@link QueueWire#getMany})
     * @param out receives the items
     * @return OK (items in {@code out}), EMPTY or CLOSED
     * @throws PeerClosedException if the parent is gone
     */
    public Result queueBatch(int queueId, long timeoutNanos, Item body, List<Item> out) {
        Result failed = failedQueues.get(queueId);
        if (failed != null) {
            checkOpen();
            return failed;
        }
        return QueueWire.batch(exchange(queueId, QueueWire.Op.GET_MANY, timeoutNanos, body,
                late -> QueueWire.batch(late, out)), out);
    }

    /**
     * A call that expects no reply (PUT_BACK, RELEASE).
     *
     * @param queueId the queue
     * @param op the operation
     * @param item its item or body
     */
    public void sendOneWay(int queueId, QueueWire.Op op, Item item) {
        parent.send(new Frame(FrameKind.CALL, (byte) 0, nextId(), QueueWire.call(queueId, op, 0, item)));
    }

    /**
     * A call made on behalf of a child of this process that was handed one of this process's queue handles
     * (a queue passed on): sent now, answered through the future, awaited by nobody here.
     *
     * @param queueId the queue's id in its owner
     * @param op the operation
     * @param timeoutNanos 0 no wait, negative forever
     * @param item the item of a put, else null
     * @return the call's id (for {@link #cancel}) and its reply; the reply fails if the owner is gone
     */
    public Relayed relay(int queueId, QueueWire.Op op, long timeoutNanos, Item item) {
        int id = nextId();
        CompletableFuture<byte[]> reply;
        try {
            checkOpen();
            reply = post(id, queueId, op, timeoutNanos, item);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return new Relayed(id, reply);
    }

    /**
     * A relayed call.
     *
     * @param id its call id here
     * @param reply the owner's reply payload
     */
    public record Relayed(int id, CompletableFuture<byte[]> reply) {
    }

    /**
     * The caller of a relayed call gave up: the owner withdraws its waiter, and its answer still comes.
     *
     * @param id the call's id here
     */
    public void cancel(int id) {
        if (pending.containsKey(id)) {
            parent.send(Frame.of(FrameKind.CANCEL, id));
        }
    }

    /** Sends a call and waits for its reply; an interrupted caller cancels, and the late reply goes to {@code late}. */
    private byte[] exchange(int queueId, QueueWire.Op op, long timeoutNanos, Item item, Consumer<byte[]> late) {
        checkOpen();
        int id = nextId();
        CompletableFuture<byte[]> reply = post(id, queueId, op, timeoutNanos, item);
        try {
            return await(reply);
        } catch (InterruptedException e) {
            parent.send(Frame.of(FrameKind.CANCEL, id));
            try {
                late.accept(reply.join());
            } catch (CompletionException gone) {
                // the parent is gone: nothing came
            }
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting on queue, queue=" + queueId, e);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * Sends a call whose reply completes the future returned; it fails at once if the parent went away
     * while it was being sent (nobody would complete it).
     */
    private CompletableFuture<byte[]> post(int id, int queueId, QueueWire.Op op, long timeoutNanos, Item item) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            parent.send(new Frame(FrameKind.CALL, (byte) 0, id, QueueWire.call(queueId, op, timeoutNanos, item)));
        } catch (RuntimeException e) {
            pending.remove(id);
            throw e;
        }
        if (closedReason != null && pending.remove(id) != null) {
            reply.completeExceptionally(new PeerClosedException("the parent is gone, reason=" + closedReason));
        }
        return reply;
    }

    /**
     * Waits for a reply, reading the link in this thread while nobody else does: the reply then reaches
     * the caller without a thread hand-off.
     */
    private byte[] await(CompletableFuture<byte[]> reply) throws InterruptedException, ExecutionException {
        Leading.await(link, reply::isDone, Long.MAX_VALUE, nanos -> {
            try {
                reply.get(nanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true; // reported by get() below
            }
            return true;
        });
        return reply.get();
    }

    /**
     * Puts an item without waiting for an answer: for unbounded queues, where a put cannot have to wait.
     * If it fails (the queue was closed), the next call on that queue returns the failure.
     *
     * @param queueId the queue
     * @param item the item
     * @return OK, or the failure of an earlier put
     */
    public Result queuePutAsync(int queueId, Item item) {
        checkOpen();
        Result failed = failedQueues.get(queueId);
        if (failed != null) {
            return failed;
        }
        parent.send(new Frame(FrameKind.CALL, (byte) 0, QueueServer.ASYNC_PUT,
                QueueWire.call(queueId, QueueWire.Op.PUT, 0, item)));
        return Result.OK;
    }

    /** @return a call id; never {@link QueueServer#ASYNC_PUT} */
    private int nextId() {
        int id;
        do {
            id = ids.incrementAndGet();
        } while (id == QueueServer.ASYNC_PUT);
        return id;
    }

    /**
     * @param id the call
     * @param payload the reply
     */
    public void onReply(int id, byte[] payload) {
        if (id == QueueServer.ASYNC_PUT) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            int queueId = b.getInt();
            failedQueues.put(queueId, QueueWire.reply(Arrays.copyOfRange(payload, 4, payload.length),
                    QueueWire.Op.PUT));
            return;
        }
        CompletableFuture<byte[]> f = pending.remove(id);
        if (f != null) {
            f.complete(payload);
        }
    }

    /**
     * @param release run by {@link #releaseAll} (once at most): gives back what a queue handle prefetched
     * @return removes it again
     */
    public Runnable onRelease(Runnable release) {
        releases.add(release);
        return () -> releases.remove(release);
    }

    /**
     * This process is ending: every queue handle gives back the items it prefetched and did not take, before
     * the exit report, so the owner has them back in order.
     */
    public void releaseAll() {
        for (Runnable r : List.copyOf(releases)) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // the parent is gone: it gives the items back itself
            }
        }
        releases.clear();
    }

    /** @param reason why the parent is unreachable; every waiting call fails */
    public void closeAll(String reason) {
        closedReason = reason;
        for (Integer id : pending.keySet()) {
            CompletableFuture<byte[]> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new PeerClosedException("the parent is gone, reason=" + reason));
            }
        }
    }

    private void checkOpen() {
        if (closedReason != null) {
            throw new PeerClosedException("the parent is gone, reason=" + closedReason);
        }
    }
}
