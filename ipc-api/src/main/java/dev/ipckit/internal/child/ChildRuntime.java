package dev.ipckit.internal.child;

import dev.ipckit.PeerClosedException;
import dev.ipckit.ProcessInfo;
import dev.ipckit.internal.Bootstrap;
import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.internal.pipe.EndRef;
import dev.ipckit.internal.queue.Calls;
import dev.ipckit.internal.queue.QueueRef;
import dev.ipckit.internal.queue.RemoteQueue;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.JavaIo;
import dev.ipckit.spi.Link;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * This JVM's side of a link to the process that owns its pipes and queues: its parent when this JVM is
 * an ipckit child, or a listener this JVM connected to as a client. It routes DATA and EOF frames to
 * the pipe ends it was handed, answers remote calls, and notices when the other side is gone.
 */
public final class ChildRuntime implements FrameHandler {
    private static volatile ChildRuntime current;

    private volatile ProcessInfo self;
    private final ProcessInfo parent;
    private final Link link;
    private final Calls calls;
    private final UpstreamEnds ends;
    private final Runnable onParentLost;
    private final CompletableFuture<Object> attachment = new CompletableFuture<>();
    /** Every ATTACH in order (a warm spare gets a warm-up job, then its task); a failure as its exception. */
    private final BlockingQueue<Object> attachments = new LinkedBlockingQueue<>();

    private ChildRuntime(ProcessInfo self, ProcessInfo parent, Link link, Runnable onParentLost) {
        this.self = self;
        this.parent = parent;
        this.link = link;
        this.calls = new Calls(link);
        this.ends = new UpstreamEnds(link, () -> LocalRuntime.get().router());
        this.onParentLost = onParentLost;
    }

    /**
     * Installs the runtime of this child JVM and starts its link.
     *
     * @param bootstrap what the parent sent
     * @param link the link to the parent, not started
     * @param onParentLost run (once) when the link to the parent ends
     * @return the runtime
     */
    static ChildRuntime install(Bootstrap bootstrap, Link link, Runnable onParentLost) {
        ChildRuntime rt = new ChildRuntime(
                new ProcessInfo(bootstrap.name(), ProcessHandle.current().pid(), bootstrap.daemon()),
                new ProcessInfo(bootstrap.parentName(), bootstrap.parentPid(), false), link, onParentLost);
        current = rt;
        LocalRuntime.get().identify(rt.self);
        link.start(rt);
        return rt;
    }

    /**
     * Connects this JVM as a client of another process that was not its parent (a listener): the
     * runtime is not this JVM's identity, only the owner of what that process hands over.
     *
     * @param peer who the other process is
     * @param link the link, not started
     * @param onLost run (once) when the link ends
     * @return the runtime, with its link started
     */
    public static ChildRuntime attach(ProcessInfo peer, Link link, Runnable onLost) {
        ChildRuntime rt = new ChildRuntime(currentOrMain(), peer, link, onLost);
        link.start(rt);
        return rt;
    }

    private static ProcessInfo currentOrMain() {
        ChildRuntime c = current;
        return c != null ? c.self : new ProcessInfo("MainProcess", ProcessHandle.current().pid(), false);
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

    /** @return who this process is */
    public ProcessInfo self() {
        return self;
    }

    /**
     * A warm spare has been given its task: from now on it is that process.
     *
     * @param assigned who it now is
     */
    void assigned(ProcessInfo assigned) {
        self = assigned;
        LocalRuntime.get().identify(assigned);
    }

    /** @return who the other side is */
    public ProcessInfo parent() {
        return parent;
    }

    /** @return the remote-call client */
    public Calls calls() {
        return calls;
    }

    /** @return the link to the other side */
    public Link link() {
        return link;
    }

    /** @return completed with what the other side handed over in an ATTACH frame */
    public CompletableFuture<Object> attachment() {
        return attachment;
    }

    /**
     * @return the next object handed over in an ATTACH frame, waiting for it
     * @throws RuntimeException why it could not be read, or that the link closed
     * @throws InterruptedException if interrupted while waiting
     */
    public Object nextAttachment() throws InterruptedException {
        Object a = attachments.take();
        if (a instanceof RuntimeException e) {
            attachments.add(a); // the link is gone for every later call too
            throw e;
        }
        return a;
    }

    /**
     * The resolver of what this process receives in a hand-over (its task, an attachment): a reference to
     * a pipe end or a queue of the other side becomes this process's handle to it.
     *
     * @param value an object just read
     * @return the handle it stands for, or the object itself
     */
    public Object resolve(Object value) {
        if (value instanceof EndRef ref) {
            return ends.end(ref);
        }
        if (value instanceof QueueRef ref) {
            return new RemoteQueue<>(ref, calls);
        }
        return value;
    }

    @Override
    public void onFrame(Frame frame) {
        switch (frame.kind()) {
            case DATA -> ends.data(frame);
            case EOF -> ends.eof(frame);
            case CREDIT -> ends.credit(frame);
            case REPLY -> calls.onReply(frame.channel(), frame.payload());
            case ATTACH -> {
                try {
                    Object a = JavaIo.deserialize("attachment", frame.payload(), this::resolve);
                    attachment.complete(a);
                    attachments.add(a);
                } catch (RuntimeException e) {
                    attachment.completeExceptionally(e);
                    attachments.add(e);
                }
            }
            default -> {
                // frames this side does not expect are ignored: a newer peer may send more kinds
            }
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        String reason = cause == null ? "link closed" : cause.toString();
        calls.closeAll(reason);
        String why = cause == null ? "the other process is gone" : "the link failed, cause=" + reason;
        ends.closeAll(why);
        PeerClosedException gone = new PeerClosedException("link closed before the handover, reason="
                + reason);
        attachment.completeExceptionally(gone);
        attachments.add(gone);
        onParentLost.run();
    }
}
