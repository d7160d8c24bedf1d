package dev.ipckit.internal.pipe;

import dev.ipckit.PeerClosedException;
import dev.ipckit.Serializer;
import dev.ipckit.internal.Inbox;
import dev.ipckit.internal.Outlet;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Delivers frames to the pipe ends this process created, wherever they are now: here, or in a child
 * they were handed to. A pipe between two children is routed through here. When a child ends, the
 * peers of the ends it held receive EOF, so nobody waits forever on a dead process.
 *
 * <p><b>Thread-safe</b>; deliveries to one end are serialized, so frames keep their order across a move.
 */
public final class Router implements EndHome {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();

    /** A process ends of this router can move to: a child's session in this process. */
    public interface Holder {
        /** @return its name, for messages */
        String name();

        /**
         * @param frame sent to it, in order
         * @throws PeerClosedException if it is gone
         */
        void send(Frame frame);

        /** @return the link to it, or null until it has connected */
        Link link();

        /** @param endId an end it now holds: the end's peer gets EOF when it is gone */
        void holdEnd(int endId);
    }

    private static final class Slot {
        /** The end, or null in a relay (its frames go to {@code child} or {@code up}). */
        final PipeEnd end;
        final int peerId;
        Holder child;
        /** For the peer's stand-in in a relay: where its frames go, towards the end's real peer. */
        final Outlet up;
        /** For the peer's stand-in in a relay: run once when the relay ends. */
        final Runnable ended;

        Slot(PipeEnd end, int peerId) {
            this(end, peerId, null, null, null);
        }

        Slot(PipeEnd end, int peerId, Holder child, Outlet up, Runnable ended) {
            this.end = end;
            this.peerId = peerId;
            this.child = child;
            this.up = up;
            this.ended = ended;
        }
    }

    /**
     * @param duplex whether both ends send and receive
     * @param serializer encodes messages
     * @param windowBytes how far a sender may get ahead of its reader ({@link Window})
     * @return a new pipe's two ends, both here
     */
    public PipeEnd[] newPipe(boolean duplex, Serializer serializer, int windowBytes) {
        int a = ids.incrementAndGet();
        int b = ids.incrementAndGet();
        PipeEnd left = new PipeEnd(a, b, true, duplex, serializer, f -> deliver(f, null), this,
                new Inbox("pipe-end-" + a), new Window(windowBytes));
        PipeEnd right = new PipeEnd(b, a, duplex, true, serializer, f -> deliver(f, null), this,
                new Inbox("pipe-end-" + b), new Window(windowBytes));
        slots.put(a, new Slot(left, b));
        slots.put(b, new Slot(right, a));
        return new PipeEnd[] {left, right};
    }

    /**
     * Delivers a frame to the end its channel names.
     *
     * @param frame a DATA, EOF or CREDIT frame
     * @param from the child it came from, or null if from here
     */
    public void deliver(Frame frame, Holder from) {
        Slot slot = slots.get(frame.channel());
        if (slot == null) {
            return; // that end was closed: as with a closed socket, the message is dropped
        }
        synchronized (slot) {
            if (slot.up != null) {
                sendUp(frame, slot);
            } else if (slot.child != null) {
                try {
                    slot.child.send(frame);
                } catch (PeerClosedException e) {
                    // that child is gone; its ends get EOF from childGone
                }
            } else if (frame.kind() == FrameKind.CREDIT) {
                slot.end.window().grant(Window.granted(frame));
            } else if (frame.kind() == FrameKind.EOF) {
                slot.end.inbox().end(from == null ? "closed" : "closed by process " + from.name());
            } else {
                slot.end.inbox().add(frame);
            }
        }
    }

    @Override
    public EndRef reference(PipeEnd end) {
        return end.referenceAs(end.id(), end.peerId());
    }

    /**
     * Moves an end to a child: frames already waiting for it follow it there. Called when the hand-over
     * that carried the end's {@linkplain PipeEnd#reference() reference} commits.
     *
     * @param end the end, one of this router's
     * @param ref its reference
     * @param child the child that now holds it
     */
    @Override
    public void moveTo(PipeEnd end, EndRef ref, Holder child) {
        Slot slot = slots.get(end.id());
        if (slot == null) {
            return;
        }
        synchronized (slot) {
            slot.child = child;
            end.movedAway();
            boolean ended = end.inbox().ended();
            List<Frame> waiting = end.inbox().drain();
            for (Frame f : waiting) {
                child.send(f);
            }
            if (ended) {
                child.send(Frame.of(FrameKind.EOF, end.id())); // its peer closed before the move
            }
            // a grant that came here after the end's window was written into its reference: now it goes there
            child.send(Window.grantFrame(end.id(), end.window().grantedTotal()));
        }
        child.holdEnd(end.id());
        Slot peer = slots.get(slot.peerId);
        if (peer != null) {
            synchronized (peer) {
                if (peer.child == null) {
                    // what the peer reads now comes on that child's link: a reader here may read it itself
                    peer.end.inbox().readFrom(child::link);
                }
            }
        }
    }

    /**
     * A child has ended: the peers of the ends it held get EOF — here, the exception {@code cause}
     * makes — and those ends are forgotten.
     *
     * @param child the child
     * @param endIds the ends it held
     * @param cause what a reader here gets once it has drained the end
     */
    public void childGone(Holder child, Iterable<Integer> endIds,
                          Supplier<? extends PeerClosedException> cause) {
        for (int id : endIds) {
            Slot slot = slots.remove(id);
            Slot peer = slot == null ? null : slots.get(slot.peerId);
            if (peer == null) {
                continue;
            }
            synchronized (peer) {
                if (peer.up != null) {
                    sendUp(Frame.of(FrameKind.EOF, slot.peerId), peer);
                } else if (peer.child != null) {
                    deliver(Frame.of(FrameKind.EOF, slot.peerId), child);
                } else {
                    peer.end.inbox().end(cause);
                }
            }
        }
    }

    @Override
    public void forget(int id) {
        slots.remove(id);
    }

    /**
     * @return two new ids of this router, for an end this process received and relays to a child: the
     *     end's id and its peer's stand-in there ({@link #relay})
     */
    public int[] reserve() {
        return new int[] {ids.incrementAndGet(), ids.incrementAndGet()};
    }

    /**
     * Relays an end this process received on to a child that now holds it under {@code id}: frames the
     * child sends to {@code standInId} go out through {@code up} (which readdresses them to the end's real
     * peer), and frames delivered to {@code id} go to the child. When the child closes the end or ends, the
     * real peer gets EOF through {@code up} and {@code ended} runs.
     *
     * @param id the end's id here ({@link #reserve})
     * @param standInId its peer's stand-in here
     * @param child the child that holds the end
     * @param up where the end's frames to its peer go
     * @param ended run once when the relay ends
     */
    public void relay(int id, int standInId, Holder child, Outlet up, Runnable ended) {
        slots.put(standInId, new Slot(null, id, null, up, ended));
        slots.put(id, new Slot(null, standInId, child, null, null));
        child.holdEnd(id);
    }

    /** A frame for a relay's stand-in goes on to the real peer; EOF ends the relay. Holds the slot's lock. */
    private void sendUp(Frame frame, Slot standIn) {
        try {
            standIn.up.send(frame);
        } catch (PeerClosedException e) {
            // the way up is gone: the child's end gets EOF when this process's link ends
        }
        if (frame.kind() == FrameKind.EOF && slots.remove(frame.channel(), standIn)) {
            standIn.ended.run();
        }
    }
}
