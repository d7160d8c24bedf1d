package dev.ipckit.internal.child;

import dev.ipckit.internal.Inbox;
import dev.ipckit.internal.pipe.EndHome;
import dev.ipckit.internal.pipe.EndRef;
import dev.ipckit.internal.pipe.PipeEnd;
import dev.ipckit.internal.pipe.Router;
import dev.ipckit.internal.pipe.Window;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The pipe ends this process received through one link: their inboxes and windows, filled by the frames
 * the link brings, and their relays when this process passes one on to a child of its own.
 *
 * <p>A relayed end keeps its id on the link and gets a new one in this process's {@link Router}, where the
 * child holds it: frames that come for it on the link are readdressed and go on to the child; frames the
 * child sends to its peer go back out on the link, to the peer's real id ({@link Router#relay}). Nothing is
 * copied or lost on the way: what waited in the end's inbox goes first, in order, and grants that came
 * meanwhile follow as a catch-up grant (grants are totals, so a repeat is harmless).
 *
 * <p><b>Thread-safe</b>: frames come from the link's reader (one at a time), hand-overs from any thread.
 */
final class UpstreamEnds implements EndHome {
    private final Link link;
    private final Supplier<Router> router;
    private final Map<Integer, Inbox> inboxes = new ConcurrentHashMap<>();
    private final Map<Integer, Window> windows = new ConcurrentHashMap<>();
    private final Map<Integer, Relay> relays = new ConcurrentHashMap<>();

    /**
     * @param link the link the ends came through
     * @param router the router of this process, where relayed ends are held
     */
    UpstreamEnds(Link link, Supplier<Router> router) {
        this.link = link;
        this.router = router;
    }

    /**
     * @param ref a pipe end the other side handed over
     * @return this process's end, whose frames go through the link
     */
    PipeEnd end(EndRef ref) {
        Window window = ref.newWindow();
        Window before = windows.put(ref.id(), window);
        if (before != null) {
            window.grant(before.grantedTotal()); // a grant that came before the end was read
        }
        return new PipeEnd(ref.id(), ref.peerId(), ref.readable(), ref.writable(), ref.serializer(), link::send,
                this, inbox(ref.id()), window);
    }

    private Inbox inbox(int id) {
        return inboxes.computeIfAbsent(id, i -> {
            Inbox inbox = new Inbox("pipe-end-" + i);
            inbox.readFrom(() -> link);
            return inbox;
        });
    }

    /** @param frame a DATA frame that came on the link */
    void data(Frame frame) {
        Relay r = relays.get(frame.channel());
        if (r != null) {
            r.send(frame);
            return;
        }
        inbox(frame.channel()).add(frame);
        catchUp(frame.channel(), false);
    }

    /** @param frame an EOF frame that came on the link: the end's peer closed */
    void eof(Frame frame) {
        Relay r = relays.get(frame.channel());
        if (r != null) {
            r.send(frame);
            return;
        }
        inbox(frame.channel()).end("closed by the other process");
        catchUp(frame.channel(), false);
    }

    /** @param frame a CREDIT frame that came on the link */
    void credit(Frame frame) {
        Relay r = relays.get(frame.channel());
        if (r != null) {
            r.send(frame);
            return;
        }
        windows.computeIfAbsent(frame.channel(), i -> new Window(1)).grant(Window.granted(frame));
        catchUp(frame.channel(), true);
    }

    /**
     * A frame was put in an end's inbox or window while the end was being moved on (the reader looked for a
     * relay just before there was one): it follows the rest to the child.
     */
    private void catchUp(int id, boolean grant) {
        if (!relays.isEmpty()) {
            Relay r = relays.get(id);
            if (r != null) {
                r.flush(grant);
            }
        }
    }

    /** @param reason why the link ended: every end still here reads what it has, then fails */
    void closeAll(String reason) {
        inboxes.values().forEach(i -> i.end(reason));
    }

    @Override
    public EndRef reference(PipeEnd end) {
        int[] ids = router.get().reserve();
        return end.referenceAs(ids[0], ids[1]);
    }

    @Override
    public void moveTo(PipeEnd end, EndRef ref, Router.Holder child) {
        int id = end.id();
        int peer = end.peerId();
        router.get().relay(ref.id(), ref.peerId(), child,
                f -> link.send(new Frame(f.kind(), f.codec(), peer, f.payload())), () -> relays.remove(id));
        Relay r = new Relay(ref.id(), inbox(id), end.window());
        end.movedAway();
        relays.put(id, r);
        r.flush(true);
    }

    @Override
    public void forget(int id) {
        inboxes.remove(id);
        windows.remove(id);
    }

    /** One end relayed on to a child: what comes for it on the link goes to the router, under its new id. */
    private final class Relay {
        private final int to;
        private final Inbox inbox;
        private final Window window;
        private boolean eofSent;

        Relay(int to, Inbox inbox, Window window) {
            this.to = to;
            this.inbox = inbox;
            this.window = window;
        }

        /**
         * What the end's inbox holds goes first: its frames in order, then its EOF.
         *
         * @param grant whether to send the window's grant total too (the catch-up for grants that came to
         *     the window here)
         */
        synchronized void flush(boolean grant) {
            for (Frame f : inbox.drain()) {
                deliver(f);
            }
            if (inbox.ended() && !eofSent) {
                eofSent = true;
                deliver(Frame.of(FrameKind.EOF, to));
            }
            if (grant) {
                deliver(Window.grantFrame(to, window.grantedTotal()));
            }
        }

        /** @param frame a frame for the end, readdressed and sent on after what waited */
        synchronized void send(Frame frame) {
            flush(false);
            if (frame.kind() == FrameKind.EOF) {
                if (eofSent) {
                    return;
                }
                eofSent = true;
            }
            deliver(frame);
        }

        private void deliver(Frame f) {
            router.get().deliver(new Frame(f.kind(), f.codec(), to, f.payload()), null);
        }
    }
}
