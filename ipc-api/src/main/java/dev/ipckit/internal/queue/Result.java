package dev.ipckit.internal.queue;

/**
 * The outcome of a queue operation, local or remote.
 *
 * @param status what happened
 * @param item the item a get returned, else null
 * @param message the error text for {@link Status#ERROR}, else null
 */
public record Result(Status status, Item item, String message) {
    /** Done. */
    public static final Result OK = new Result(Status.OK, null, null);
    /** The queue was full and the put did not wait (or waited in vain). */
    public static final Result FULL = new Result(Status.FULL, null, null);
    /** The queue was empty and the get did not wait (or waited in vain). */
    public static final Result EMPTY = new Result(Status.EMPTY, null, null);
    /** The queue is closed. */
    public static final Result CLOSED = new Result(Status.CLOSED, null, null);

    /** What happened. The ordinal is the wire value. */
    public enum Status {
        /** Done; a get carries its item. */
        OK,
        /** Full. */
        FULL,
        /** Empty. */
        EMPTY,
        /** Closed. */
        CLOSED,
        /** Refused, with a message. */
        ERROR
    }

    /**
     * @param item an item
     * @return OK with the item
     */
    public static Result of(Item item) {
        return new Result(Status.OK, item, null);
    }

    /**
     * @param message what was wrong
     * @return ERROR with the message
     */
    public static Result error(String message) {
        return new Result(Status.ERROR, null, message);
    }
}
