package dev.ipckit.internal.child;

import dev.ipckit.ProcessInfo;
import dev.ipckit.internal.Bootstrap;
import dev.ipckit.internal.Inbox;
import dev.ipckit.internal.pipe.EndRef;
import dev.ipckit.internal.pipe.PipeEnd;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This JVM's side of its link to the parent, when this JVM is an ipckit child: it routes DATA and EOF
 * frames to the pipe ends received from the parent, replies to the remote calls, and notices when the
 * parent is gone.
 */
public final class ChildRuntime implements FrameHandler {
    private static volatile ChildRuntime current;

    private final Bootstrap bootstrap;
    private final Link link;
    private final Calls calls;
    private final Map<Integer, Inbox> inboxes = new ConcurrentHashMap<>();
    private final Runnable onParentLost;

    private ChildRuntime(Bootstrap bootstrap, Link link, Runnable onParentLost) {
        this.bootstrap = bootstrap;
        this.link = link;
        this.calls = new Calls(link::send);
        this.onParentLost = onParentLost;
    }

    /**
     * Installs the runtime of this child and starts its link.
     *
     * @param bootstrap what the parent sent
     * @param link the link to the parent, not started
     * @param onParentLost run (once) when the link to the parent ends
     * @return the runtime
     */
    static ChildRuntime install(Bootstrap bootstrap, Link link, Runnable onParentLost) {
        ChildRuntime rt = new ChildRuntime(bootstrap, link, onParentLost);
        current = rt;
        link.start(rt);
        return rt;
    }

    /**
     * @return the runtime of this child
     * @throws IllegalStateException if this JVM is not an ipckit child
     */
    public static ChildRuntime get() {
        ChildRuntime rt = current;
        if (rt == null) {
            throw new IllegalStateException("not running in an ipckit child process");
        }
        return rt;
    }

    /** @return the runtime, or null if this JVM is not an ipckit child */
    public static ChildRuntime orNull() {
        return current;
    }

    /** @return who this child is */
    public ProcessInfo self() {
        return new ProcessInfo(bootstrap.name(), ProcessHandle.current().pid(), bootstrap.daemon());
    }

    /** @return who the parent is */
    public ProcessInfo parent() {
        return new ProcessInfo(bootstrap.parentName(), bootstrap.parentPid(), false);
    }

    /** @return the remote-call client */
    public Calls calls() {
        return calls;
    }

    /** @return the link to the parent */
    Link link() {
        return link;
    }

    /**
     * @param ref a pipe end the parent handed over
     * @return this child's end, whose frames go through the link
     */
    public PipeEnd upstreamEnd(EndRef ref) {
        return new PipeEnd(ref.id(), ref.peerId(), ref.readable(), ref.writable(), ref.serializer(), link::send,
                null, inbox(ref.id()));
    }

    private Inbox inbox(int id) {
        return inboxes.computeIfAbsent(id, i -> new Inbox("pipe-end-" + i));
    }

    @Override
    public void onFrame(Frame frame) {
        switch (frame.kind()) {
            case DATA -> inbox(frame.channel()).add(frame);
            case EOF -> inbox(frame.channel()).end("closed by the other process");
            case REPLY -> calls.onReply(frame.channel(), frame.payload());
            default -> {
                // frames a child does not expect are ignored: a newer parent may send more kinds
            }
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        String reason = cause == null ? "link closed" : cause.toString();
        calls.closeAll(reason);
        inboxes.values().forEach(i -> i.end("the parent is gone"));
        onParentLost.run();
    }
}
