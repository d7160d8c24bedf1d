package dev.ipckit.internal.pipe;

import dev.ipckit.Connection;
import dev.ipckit.IpcException;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.internal.Inbox;
import dev.ipckit.internal.Outlet;
import dev.ipckit.internal.Payloads;
import dev.ipckit.internal.metrics.Meters;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Leading;

import java.time.Duration;
import java.util.Optional;

/**
 * One end of a pipe in this process. Sends go out through an {@link Outlet} addressed to the peer's id;
 * receives come from its {@link Inbox}, filled by whoever routes frames for this end's id.
 */
public final class PipeEnd implements Connection {
    private final int id;
    private final int peerId;
    private final boolean readable;
    private final boolean writable;
    private final Serializer serializer;
    private final Outlet outlet;
    private final Inbox inbox;
    private final EndHome home;
    private final Window window;
    private volatile String closedBecause;

    /**
     * @param id this end's id
     * @param peerId the other end's id
     * @param readable whether it may receive
     * @param writable whether it may send
     * @param serializer encodes and decodes messages
     * @param outlet where frames for the peer go
     * @param home where the end belongs: the router that created it, or the runtime it was received through
     * @param inbox where frames for this end are put
     * @param window its flow control
     */
    public PipeEnd(int id, int peerId, boolean readable, boolean writable, Serializer serializer, Outlet outlet,
                   EndHome home, Inbox inbox, Window window) {
        this.id = id;
        this.peerId = peerId;
        this.readable = readable;
        this.writable = writable;
        this.serializer = serializer;
        this.outlet = outlet;
        this.home = home;
        this.inbox = inbox;
        this.window = window;
        inbox.bound(2L * window.bytes());
    }

    /** @return this end's id */
    public int id() {
        return id;
    }

    /** @return the inbox frames for this end go to */
    public Inbox inbox() {
        return inbox;
    }

    /** @return this end's flow control */
    public Window window() {
        return window;
    }

    @Override
    public void send(Object message) {
        checkSend();
        sendWithin(Payloads.encode(FrameKind.DATA, peerId, message, serializer), Long.MAX_VALUE);
    }

    @Override
    public boolean send(Object message, Duration timeout) {
        long deadline = deadline(timeout);
        checkSend();
        return sendWithin(Payloads.encode(FrameKind.DATA, peerId, message, serializer), deadline);
    }

    @Override
    public void sendBytes(byte[] message) {
        checkSend();
        sendWithin(new Frame(FrameKind.DATA, Serializer.RAW_ID, peerId, message.clone()), Long.MAX_VALUE);
    }

    @Override
    public boolean sendBytes(byte[] message, Duration timeout) {
        long deadline = deadline(timeout);
        checkSend();
        return sendWithin(new Frame(FrameKind.DATA, Serializer.RAW_ID, peerId, message.clone()), deadline);
    }

    private static long deadline(Duration timeout) {
        long nanos = Math.max(0, timeout.toNanos());
        long now = System.nanoTime();
        return now + nanos < now ? Long.MAX_VALUE : now + nanos;
    }

    /**
     * Sends once the peer's window has room: a sender never gets more than the window ahead of its reader.
     * While it waits it leads the link the grant comes on, if it can, so the grant reaches it with no hand-off.
     */
    private boolean sendWithin(Frame frame, long deadline) {
        long cost = Inbox.cost(frame);
        long waitedSince = 0;
        try {
            while (!window.tryAcquire(cost)) {
                if (waitedSince == 0) {
                    waitedSince = System.nanoTime();
                }
                checkSend();
                boolean room = Leading.await(inbox.source(), () -> window.hasRoom(cost) || inbox.ended(), deadline,
                        nanos -> window.awaitRoom(cost, nanos));
                if (!room && deadline != Long.MAX_VALUE && System.nanoTime() >= deadline) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while waiting for the reader, end=" + id, e);
        } finally {
            if (waitedSince != 0) { // a wait counts however it ended: room, timeout, peer closed
                Meters.backPressure(System.nanoTime() - waitedSince);
            }
        }
        outlet.send(frame);
        return true;
    }

    @Override
    public Object recv() {
        Frame f = take(-1);
        return Payloads.decode(f.codec(), f.payload(), serializer);
    }

    @Override
    public Optional<Object> recv(Duration timeout) {
        Frame f = take(timeout.toNanos());
        return f == null ? Optional.empty() : Optional.ofNullable(Payloads.decode(f.codec(), f.payload(), serializer));
    }

    @Override
    public byte[] recvBytes() {
        return take(-1).payload();
    }

    @Override
    public boolean poll(Duration timeout) {
        checkRecv();
        return inbox.poll(timeout.toNanos());
    }

    private Frame take(long timeoutNanos) {
        checkRecv();
        Frame f = inbox.take(timeoutNanos);
        if (f != null) {
            long grant = window.read(Inbox.cost(f));
            if (grant >= 0) {
                try {
                    outlet.send(Window.grantFrame(peerId, grant));
                } catch (IpcException ignored) {
                    // the way to the peer is gone: it sends nothing more
                }
            }
        }
        return f;
    }

    /**
     * A send to a peer that closed or whose process is gone fails, as a write to a pipe without readers
     * does (Python's {@code BrokenPipeError}); without this a sender to a killed child would never learn.
     */
    private void checkSend() {
        checkOpen();
        if (!writable) {
            throw new IllegalStateException("connection is read-only, end=" + id);
        }
        inbox.checkPeerOpen();
    }

    private void checkRecv() {
        checkOpen();
        if (!readable) {
            throw new IllegalStateException("connection is write-only, end=" + id);
        }
    }

    private void checkOpen() {
        String why = closedBecause;
        if (why != null) {
            throw new IllegalStateException("connection is " + why + ", end=" + id);
        }
    }

    @Override
    public void close() {
        if (closedBecause != null) {
            return;
        }
        closedBecause = "closed";
        try {
            outlet.send(Frame.of(FrameKind.EOF, peerId));
        } catch (IpcException ignored) {
            // the way to the peer is gone already; it has its EOF
        }
        home.forget(id);
    }

    /** Marks this end as moved to another process; this process's object may no longer be used. */
    public void movedAway() {
        closedBecause = "handed to a child process";
    }

    @Override
    public boolean isClosed() {
        return closedBecause != null;
    }

    @Override
    public boolean isReadable() {
        return readable;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    /**
     * The reference that crosses to another process in this end's place, in a hand-over; the end moves
     * there when the hand-over commits ({@link EndHome#moveTo}).
     *
     * @return ids, options and the window's state
     * @throws SerializationException if this end is closed or moved already
     */
    public EndRef reference() {
        String why = closedBecause;
        if (why != null) {
            throw new SerializationException("a pipe end that is " + why + " cannot be handed over, end=" + id);
        }
        return home.reference(this);
    }

    /**
     * @param asId the id the end has in the process it goes to
     * @param asPeerId the id its peer has there
     * @return the end's reference under those ids: options and the window's state
     */
    public EndRef referenceAs(int asId, int asPeerId) {
        return new EndRef(asId, asPeerId, readable, writable, serializer, window.state());
    }

    /** @return the id of the other end */
    public int peerId() {
        return peerId;
    }

    /** @return where this end belongs */
    public EndHome home() {
        return home;
    }

    @Override
    public String toString() {
        return "Connection[end=" + id + ", peer=" + peerId + (closedBecause == null ? "" : ", " + closedBecause) + "]";
    }
}
