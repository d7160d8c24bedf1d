package dev.ipckit.internal.queue;

import dev.ipckit.FrameException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of a queue call and its reply, in the payload of CALL and REPLY frames.
 *
 * <pre>
 * call:  | queue id (int32) | op (int8) | timeout nanos (int64, &lt;0 forever) | codec (int8) | item ... |
 * reply: | status (int8)    | codec (int8) | item, or an int32 size, or UTF-8 error text ... |
 *
 * GET_MANY call body:  | taken (int32) | max items (int32) | max bytes (int32) |
 * GET_MANY OK reply:   | status (int8) | 0 (int8) | count (int32) | { codec (int8) | length (int32) | item } ... |
 * RELEASE call body:   | taken (int32) |
 * </pre>
 */
public final class QueueWire {
    /** Bytes before the item in a call. */
    public static final int CALL_HEADER = 4 + 1 + 8 + 1;

    private QueueWire() {
    }

    /** The operations a child may call. The ordinal is the wire value. */
    public enum Op {
        /** Put an item. */
        PUT,
        /** Get an item. */
        GET,
        /** Count items. */
        SIZE,
        /** Mark an item done. */
        TASK_DONE,
        /** Wait for zero unfinished. */
        JOIN,
        /** Return an item a cancelled get received anyway. */
        PUT_BACK,
        /**
         * A child's prefetch: up to a count and a byte budget of items, after saying how many of those it
         * fetched before it has taken (the owner holds fetched items for it until then).
         */
        GET_MANY,
        /** The child stops prefetching: the fetched items it did not take go back to the head of the queue. */
        RELEASE;

        private static final Op[] ALL = values();

        static Op of(int wire) {
            if (wire < 0 || wire >= ALL.length) {
                throw new FrameException("unknown queue operation, op=" + wire);
            }
            return ALL[wire];
        }
    }

    /**
     * A decoded call.
     *
     * @param queueId the queue
     * @param op the operation
     * @param timeoutNanos 0 no wait, negative forever
     * @param item the item of a put, else null
     */
    public record Call(int queueId, Op op, long timeoutNanos, Item item) {
    }

    /**
     * @param queueId the queue
     * @param op the operation
     * @param timeoutNanos 0 no wait, negative forever
     * @param item the item of a put, else null
     * @return the call payload
     */
    public static byte[] call(int queueId, Op op, long timeoutNanos, Item item) {
        byte[] bytes = item == null ? new byte[0] : item.bytes();
        ByteBuffer b = ByteBuffer.allocate(CALL_HEADER + bytes.length);
        b.putInt(queueId).put((byte) op.ordinal()).putLong(timeoutNanos).put(item == null ? 0 : item.codec()).put(bytes);
        return b.array();
    }

    /**
     * @param payload a call payload
     * @return the call
     * @throws dev.ipckit.FrameException if it is malformed
     */
    public static Call call(byte[] payload) {
        if (payload.length < CALL_HEADER) {
            throw new FrameException("queue call too short, length=" + payload.length);
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        int queueId = b.getInt();
        Op op = Op.of(b.get());
        long timeout = b.getLong();
        byte codec = b.get();
        Item item = null;
        if (op == Op.PUT || op == Op.PUT_BACK || op == Op.GET_MANY || op == Op.RELEASE) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            item = new Item(codec, bytes);
        }
        return new Call(queueId, op, timeout, item);
    }

    /**
     * @param taken items of earlier batches the child has taken since it last said
     * @param max the most items
     * @param maxBytes the most bytes after the first item
     * @return the body of a GET_MANY call, as its item
     */
    public static Item getMany(int taken, int max, int maxBytes) {
        return new Item((byte) 0, ByteBuffer.allocate(12).putInt(taken).putInt(max).putInt(maxBytes).array());
    }

    /**
     * @param taken items of earlier batches the child has taken since it last said
     * @return the body of a RELEASE call, as its item
     */
    public static Item release(int taken) {
        return new Item((byte) 0, ByteBuffer.allocate(4).putInt(taken).array());
    }

    /**
     * @param body the body of a GET_MANY or RELEASE call
     * @param at the int32 to read: 0 taken, 1 max items, 2 max bytes
     * @return its value
     * @throws dev.ipckit.FrameException if the body is too short or the value negative
     */
    public static int bodyInt(Item body, int at) {
        if (body.bytes().length < 4 * (at + 1)) {
            throw new FrameException("queue call body too short, length=" + body.bytes().length);
        }
        int v = ByteBuffer.wrap(body.bytes()).getInt(4 * at);
        if (v < 0) {
            throw new FrameException("negative count in queue call, value=" + v);
        }
        return v;
    }

    /**
     * @param items a prefetched batch, at least one
     * @return the OK reply payload of GET_MANY
     */
    public static byte[] batchReply(List<Item> items) {
        int size = 2 + 4;
        for (Item i : items) {
            size += 1 + 4 + i.bytes().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) Result.Status.OK.ordinal()).put((byte) 0).putInt(items.size());
        for (Item i : items) {
            b.put(i.codec()).putInt(i.bytes().length).put(i.bytes());
        }
        return b.array();
    }

    /**
     * @param payload a GET_MANY reply
     * @param out receives the items of an OK reply
     * @return the result: OK (items in {@code out}), EMPTY, CLOSED or ERROR
     * @throws dev.ipckit.FrameException if it is malformed
     */
    public static Result batch(byte[] payload, List<Item> out) {
        if (payload.length < 2) {
            throw new FrameException("queue reply too short, length=" + payload.length);
        }
        if (payload[0] != Result.Status.OK.ordinal()) {
            return reply(payload, Op.GET_MANY);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(payload, 2, payload.length - 2);
            int n = b.getInt();
            for (int k = 0; k < n; k++) {
                byte codec = b.get();
                byte[] bytes = new byte[b.getInt()];
                b.get(bytes);
                out.add(new Item(codec, bytes));
            }
        } catch (RuntimeException e) {
            throw new FrameException("malformed queue batch, length=" + payload.length);
        }
        return Result.OK;
    }

    /**
     * @param r a result
     * @return the reply payload
     */
    public static byte[] reply(Result r) {
        byte[] body = r.item() != null ? r.item().bytes()
                : r.message() != null ? r.message().getBytes(StandardCharsets.UTF_8) : new byte[0];
        ByteBuffer b = ByteBuffer.allocate(2 + body.length);
        b.put((byte) r.status().ordinal()).put(r.item() != null ? r.item().codec() : 0).put(body);
        return b.array();
    }

    /**
     * @param queueId the queue an asynchronous put failed on
     * @param r the failure
     * @return the payload of the failure notice
     */
    public static byte[] asyncFailure(int queueId, Result r) {
        byte[] body = reply(r);
        return ByteBuffer.allocate(4 + body.length).putInt(queueId).put(body).array();
    }

    /**
     * @param size a queue size
     * @return the reply payload for SIZE
     */
    public static byte[] sizeReply(int size) {
        return ByteBuffer.allocate(6).put((byte) 0).put((byte) 0).putInt(size).array();
    }

    /**
     * @param payload a reply payload
     * @param op the operation it answers
     * @return the result; for SIZE, an OK whose item holds the 4-byte size
     */
    public static Result reply(byte[] payload, Op op) {
        if (payload.length < 2) {
            throw new FrameException("queue reply too short, length=" + payload.length);
        }
        Result.Status status = Result.Status.values()[payload[0]];
        byte[] body = Arrays.copyOfRange(payload, 2, payload.length);
        return switch (status) {
            case OK -> body.length == 0 && op != Op.GET ? Result.OK : Result.of(new Item(payload[1], body));
            case ERROR -> Result.error(new String(body, StandardCharsets.UTF_8));
            case FULL -> Result.FULL;
            case EMPTY -> Result.EMPTY;
            case CLOSED -> Result.CLOSED;
        };
    }
}
