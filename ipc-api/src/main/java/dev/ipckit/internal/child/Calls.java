package dev.ipckit.internal.child;

import dev.ipckit.IpcException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.internal.Outlet;
import dev.ipckit.internal.queue.Item;
import dev.ipckit.internal.queue.QueueServer;
import dev.ipckit.internal.queue.QueueWire;
import dev.ipckit.internal.queue.Result;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Leading;
import dev.ipckit.spi.Link;


import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
        checkOpen();
        Result failed = failedQueues.get(queueId);
        if (failed != null) {
            return failed;
        }
        int id = nextId();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pending.put(id, reply);
        parent.send(new Frame(FrameKind.CALL, (byte) 0, id, QueueWire.call(queueId, op, timeoutNanos, item)));
        if (closedReason != null) {
            pending.remove(id);
            checkOpen();
        }
        try {
            return QueueWire.reply(await(reply), op);
        } catch (InterruptedException e) {
            parent.send(Frame.of(FrameKind.CANCEL, id));
            Result late = QueueWire.reply(reply.join(), op);
            if (op == QueueWire.Op.GET && late.item() != null) {
                parent.send(new Frame(FrameKind.CALL, (byte) 0, nextId(),
                        QueueWire.call(queueId, QueueWire.Op.PUT_BACK, 0, late.item())));
            }
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting on queue, queue=" + queueId, e);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
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
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(payload);
            int queueId = b.getInt();
            failedQueues.put(queueId, QueueWire.reply(java.util.Arrays.copyOfRange(payload, 4, payload.length),
                    QueueWire.Op.PUT));
            return;
        }
        CompletableFuture<byte[]> f = pending.remove(id);
        if (f != null) {
            f.complete(payload);
        }
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
