package dev.ipckit.spi;

import dev.ipckit.FrameException;

/** What a frame carries. The wire value is stable: never renumber. */
public enum FrameKind {
    /** Child to parent, first frame: the child is up. Payload: its pid (long). */
    HELLO(1),
    /** Child to parent: the child is exiting through its shutdown hooks, not by a signal. */
    EXIT(2),
    /** Child to parent: the task threw. Payload: the remote exception report. */
    ERROR(3),
    /** Child to parent: bytes the child wrote to {@code System.out}. */
    STDOUT(4),
    /** A message for the pipe end named by the channel. Codec: the serializer that wrote it. */
    DATA(5),
    /** The peer of the pipe end named by the channel closed or is gone. */
    EOF(6),
    /** A remote call (a queue operation). Channel: the call id. */
    CALL(7),
    /** The answer to a remote call. Channel: the call id. */
    REPLY(8),
    /** The caller gave up on a remote call. Channel: the call id. */
    CANCEL(9),
    /** Listener to client, once: the handles it is given (a pipe end, named queues), Java-serialized. */
    ATTACH(10),
    /**
     * The reader of a pipe end has read more: the sending end named by the channel may send that much
     * further. Payload: the bytes the reader has read in all (long), as counted by the pipe's window.
     */
    CREDIT(11);

    private static final FrameKind[] BY_WIRE = new FrameKind[16];

    static {
        for (FrameKind k : values()) {
            BY_WIRE[k.wire] = k;
        }
    }

    private final byte wire;

    FrameKind(int wire) {
        this.wire = (byte) wire;
    }

    /** @return the byte written on the wire */
    public byte wire() {
        return wire;
    }

    /**
     * @param wire a kind byte read from the wire
     * @return its kind
     * @throws FrameException if no kind has that value
     */
    public static FrameKind of(byte wire) {
        FrameKind k = wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[wire] : null;
        if (k == null) {
            throw new FrameException("unknown frame kind, kind=" + (wire & 0xff));
        }
        return k;
    }
}
