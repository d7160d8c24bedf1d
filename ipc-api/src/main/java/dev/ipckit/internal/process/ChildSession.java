package dev.ipckit.internal.process;

import dev.ipckit.IpcException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.ProcessDiedException;
import dev.ipckit.RemoteException;
import dev.ipckit.internal.metrics.LinkMeter;
import dev.ipckit.internal.pipe.Router;
import dev.ipckit.internal.queue.QueueCore;
import dev.ipckit.internal.queue.QueueForward;
import dev.ipckit.internal.queue.QueueServer;
import dev.ipckit.spi.ErrorReport;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.JavaIo;
import dev.ipckit.spi.Link;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The parent's side of one child's link: it routes the child's frames (output, pipe messages, queue
 * calls, its exit report) and holds what the child was handed, so that it stays alive while the child
 * is, and is released or answered with EOF when the child ends.
 */
public final class ChildSession implements FrameHandler, Router.Holder {
    private volatile String name;
    private final LocalRuntime runtime;
    private final StreamPump stdout;
    private final QueueServer queueServer;
    private final Set<Integer> heldEnds = ConcurrentHashMap.newKeySet();
    /** Queue cores and passed-on queues ({@link QueueForward}) this child was handed: alive while it is. */
    private final Set<Object> heldQueues = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private final LinkMeter meter;
    /** Bytes of frames that may wait for a child that has not connected yet; a sender waits past them. */
    static final long EARLY_MAX_BYTES = 16L << 20;
    private final List<Frame> early = new ArrayList<>();
    private long earlyBytes;
    private volatile Link link;
    private volatile Runnable onExitReport = () -> { };
    private volatile boolean cleanExit;
    private volatile RemoteException failure;
    private volatile long reportedPid;
    private final CompletableFuture<Void> hello = new CompletableFuture<>();
    /** A client of a listener, not our child: it runs no task of ours, so it sends no HELLO, EXIT or ERROR. */
    private volatile boolean remote;

    /**
     * @param name the child's name
     * @param runtime this JVM's runtime
     * @param prefixOutput whether the child's output lines are prefixed with its name
     */
    public ChildSession(String name, LocalRuntime runtime, boolean prefixOutput) {
        this.name = name;
        this.runtime = runtime;
        this.meter = new LinkMeter(name);
        this.stdout = new StreamPump(() -> System.out, prefixOutput ? "[" + name + "] " : null);
        this.queueServer = new QueueServer(runtime.queues(), runtime.timer(),
                (id, payload) -> send(new Frame(FrameKind.REPLY, (byte) 0, id, payload)));
    }

    /**
     * A warm spare is given its task: it takes the name of the process it now is.
     *
     * @param name the process's name
     * @param prefixOutput whether the child's output lines are prefixed with it
     */
    void rename(String name, boolean prefixOutput) {
        this.name = name;
        meter.rename(name);
        stdout.prefix(prefixOutput ? "[" + name + "] " : null);
    }

    /** @return the child's name */
    @Override
    public String name() {
        return name;
    }

    /**
     * Sends a frame to the child; frames sent before the link is up wait for it, up to
     * {@value #EARLY_MAX_BYTES} bytes, past which the sender waits for the child to connect (back-pressure).
     *
     * @param frame the frame
     * @throws PeerClosedException if the link is closed
     */
    @Override
    public void send(Frame frame) {
        Link l;
        synchronized (this) {
            while (true) {
                if (closed.isDone()) {
                    throw new PeerClosedException("process has ended, process=" + name);
                }
                if (link != null) {
                    break;
                }
                if (earlyBytes == 0 || earlyBytes + frame.wireLength() <= EARLY_MAX_BYTES) {
                    early.add(frame);
                    earlyBytes += frame.wireLength();
                    return;
                }
                try {
                    wait(50); // woken by attach or the end; the bound keeps an unstarted child from filling the heap
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IpcException("interrupted while waiting for the child to connect, process="
                            + name, e);
                }
            }
            l = link;
        }
        meter.sent(frame.wireLength());
        l.send(frame);
    }

    /** @return the link to the child, or null until it has connected */
    @Override
    public Link link() {
        return link;
    }

    /**
     * Connects the session to its link and starts reading.
     *
     * @param l the link
     */
    public void attach(Link l) {
        synchronized (this) {
            link = l;
            meter.opened();
            l.start(this);
            for (Frame f : early) {
                meter.sent(f.wireLength());
                l.send(f);
            }
            early.clear();
            earlyBytes = 0;
            notifyAll();
        }
    }

    /**
     * Hands objects to the other side in an ATTACH frame: pipe ends in it move there, queues in it stay
     * alive while the other side is connected. For clients that connect to a listener.
     *
     * @param attachment a serializable object graph
     * @throws dev.ipckit.SerializationException if it cannot be serialized
     */
    public void handOver(Serializable attachment) {
        Handover h = new Handover(this);
        byte[] bytes = JavaIo.serialize("attachment", attachment, h);
        h.commit();
        send(new Frame(FrameKind.ATTACH, (byte) 0, 0, bytes));
    }

    /**
     * Binds this session to a link from a process that is not a child (a client of a listener): it ends
     * when the link does.
     *
     * @param l the link, not started
     * @return a future completed when the client is gone and what it held is released
     */
    public CompletableFuture<Void> attachRemote(Link l) {
        CompletableFuture<Void> gone = closed.thenRun(() -> finish(-1, 0, List.of()));
        remote = true;
        attach(l);
        return gone;
    }

    /** @param action run when the child reports it is exiting */
    void onExitReport(Runnable action) {
        onExitReport = action;
    }

    /** @param endId a pipe end this child now holds */
    @Override
    public void holdEnd(int endId) {
        heldEnds.add(endId);
    }

    /** @param core a queue this child was handed: kept alive while the child lives */
    public void holdQueue(QueueCore core) {
        heldQueues.add(core);
    }

    /**
     * @param forward a queue of this process's parent passed on to this child: its calls are relayed
     * @return the queue's id for this child
     */
    public int forwardQueue(QueueForward forward) {
        heldQueues.add(forward);
        return runtime.queues().forward(forward);
    }

    @Override
    public void onFrame(Frame f) {
        meter.received(f.wireLength());
        try {
            dispatch(f);
        } catch (PeerClosedException e) {
            // an answer to a child that is exiting: nobody is left to read it
        } catch (RuntimeException e) {
            warn("frame from child could not be handled, " + f + ", cause=" + e);
        }
    }

    private void dispatch(Frame f) {
        if (remote && (f.kind() == FrameKind.ERROR || f.kind() == FrameKind.EXIT || f.kind() == FrameKind.HELLO)) {
            // an ERROR payload is Java serialization outside the user's serializer: from a peer that is not
            // our child it would bypass a strict allow-list, so it is never decoded
            warn("frame a client may not send, dropped, " + f);
            return;
        }
        switch (f.kind()) {
            case STDOUT -> stdout.accept(f.payload(), 0, f.payload().length);
            case DATA, EOF, CREDIT -> runtime.router().deliver(f, this);
            case CALL -> queueServer.onCall(f.channel(), f.payload());
            case CANCEL -> queueServer.onCancel(f.channel());
            case HELLO -> {
                reportedPid = ByteBuffer.wrap(f.payload()).getLong();
                hello.complete(null);
            }
            case EXIT -> {
                cleanExit = true;
                shutdownOutput();
                onExitReport.run();
            }
            case ERROR -> failure = ((ErrorReport) JavaIo.deserialize("error report", f.payload())).toException(name);
            default -> warn("unexpected frame from child, " + f);
        }
    }

    /**
     * The child is exiting: end its stdin so that its reader thread returns from {@code read()} — a JVM
     * waits up to 300 ms at exit for a thread blocked in native code.
     */
    private void shutdownOutput() {
        Link l;
        synchronized (this) {
            l = link;
        }
        if (l != null) {
            l.shutdownOutput();
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        if (cause != null) {
            warn("link to child closed, cause=" + cause);
        }
        stdout.flushLine();
        closed.complete(cause);
    }

    private void warn(String message) {
        PrintStream err = System.err;
        err.println("ipckit: " + message + ", process=" + name);
    }

    /**
     * Waits briefly for the link to end after the process has: frames the child sent just before it
     * exited are still being read.
     *
     * @param millis the longest wait
     */
    void awaitClosed(long millis) {
        synchronized (this) {
            if (link == null) {
                return; // it never connected (a spare killed while starting): nothing to read
            }
        }
        try {
            closed.get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // a grandchild may hold the stream open; what was read is what there is
        }
    }

    /**
     * The child has ended: release what it held and answer what waits on it. Readers of the pipes it
     * held get {@link dev.ipckit.ProcessDiedException} if it died, {@link PeerClosedException} if it
     * exited normally.
     *
     * @param pid its pid
     * @param exitCode its exit code, Python's convention
     * @param stderrTail its last lines of stderr
     */
    void finish(long pid, int exitCode, List<String> stderrTail) {
        Link l;
        hello.completeExceptionally(new PeerClosedException("the process ended before it connected, process=" + name));
        synchronized (this) {
            closed.complete(null);
            l = link;
            early.clear();
            earlyBytes = 0;
            notifyAll();
        }
        if (l != null) {
            l.close();
        }
        queueServer.closeAll();
        Supplier<PeerClosedException> cause = exitCode == 0
                ? () -> new PeerClosedException("the other end is closed: its process exited, process=" + name
                        + ", pid=" + pid)
                : () -> new ProcessDiedException("the other end's process died", name, pid, exitCode,
                        stderrTail);
        runtime.router().childGone(this, heldEnds, cause);
        heldEnds.clear();
        heldQueues.clear();
        meter.ended();
    }

    /** @return completed when the child has said HELLO: it is up and connected */
    CompletableFuture<Void> hello() {
        return hello;
    }

    /** @return whether the child reported an exit through its shutdown hooks */
    boolean cleanExit() {
        return cleanExit;
    }

    /** @return the task's exception, if the child reported one */
    RemoteException failure() {
        return failure;
    }
}
