package dev.ipckit.internal.process;

import dev.ipckit.IpcException;
import dev.ipckit.IpcProcess;
import dev.ipckit.ProcessState;
import dev.ipckit.RemoteException;
import dev.ipckit.Serializer;
import dev.ipckit.WaitStrategy;
import dev.ipckit.Task;
import dev.ipckit.internal.Bootstrap;
import dev.ipckit.internal.Handover;
import dev.ipckit.internal.JavaIo;
import dev.ipckit.internal.LocalRuntime;
import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;
import dev.ipckit.spi.Transport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child JVM started by this one. A watcher thread waits for it to end, then settles its exit code; the
 * watcher is a non-daemon thread for a non-daemon child, which keeps this JVM alive until the child
 * ends, as Python joins non-daemon children at exit.
 */
public final class ChildProcess implements IpcProcess {
    private static final long LINK_DRAIN_MILLIS = 2000;
    private static final int SIGNAL_BASE = 128;

    private final LocalRuntime runtime;
    private final Transport transport;
    private final Serializer serializer;
    private final Task task;
    private final List<String> contextOptions;
    private final int maxFrameSize;
    private final boolean prefixOutput;
    private final CompletableFuture<IpcProcess> exited = new CompletableFuture<>();
    private final List<String> options = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private Path directory;
    private String name;
    private boolean daemon;
    private volatile ProcessState state = ProcessState.NEW;
    private volatile java.lang.Process process;
    /** Set by terminate and kill: a failure to connect to a child being ended on purpose is not reported. */
    private volatile boolean endRequested;
    private volatile ChildSession session;
    private volatile StreamPump stderr;
    private volatile StreamPump stdout;
    private volatile ParentEndpoint endpoint;
    private volatile ClassArchive.Plan archive = ClassArchive.Plan.NONE;
    private volatile Integer exitCode;
    private final WaitStrategy wait;

    /**
     * @param runtime this JVM's runtime
     * @param transport carries the link
     * @param serializer the context's serializer
     * @param task what the child runs
     * @param contextOptions JVM options of the context
     * @param maxFrameSize the largest frame payload
     * @param prefixOutput whether output lines are prefixed with the child's name
     * @param wait how the link waits, on both sides
     */
    public ChildProcess(LocalRuntime runtime, Transport transport, Serializer serializer, Task task,
                        List<String> contextOptions, int maxFrameSize, boolean prefixOutput, WaitStrategy wait) {
        this.wait = wait;
        this.runtime = runtime;
        this.transport = transport;
        this.serializer = serializer;
        this.task = task;
        this.contextOptions = contextOptions;
        this.maxFrameSize = maxFrameSize;
        this.prefixOutput = prefixOutput;
        this.name = runtime.nextName();
    }

    private void checkNew() {
        if (state != ProcessState.NEW) {
            throw new IllegalStateException("process options can only be set before start(), process=" + name
                    + ", state=" + state);
        }
    }

    @Override
    public synchronized IpcProcess name(String name) {
        checkNew();
        this.name = java.util.Objects.requireNonNull(name, "name");
        return this;
    }

    @Override
    public synchronized IpcProcess daemon(boolean daemon) {
        checkNew();
        this.daemon = daemon;
        return this;
    }

    @Override
    public synchronized IpcProcess jvmOptions(String... options) {
        checkNew();
        this.options.addAll(Arrays.asList(options));
        return this;
    }

    @Override
    public synchronized IpcProcess environment(Map<String, String> environment) {
        checkNew();
        this.environment.putAll(environment);
        return this;
    }

    @Override
    public synchronized IpcProcess workingDirectory(Path directory) {
        checkNew();
        this.directory = directory;
        return this;
    }

    @Override
    public synchronized IpcProcess start() {
        if (state != ProcessState.NEW) {
            throw new IllegalStateException("a process can only be started once, process=" + name + ", state=" + state);
        }
        ChildSession s = new ChildSession(name, runtime, prefixOutput);
        Handover handover = Handover.begin(s);
        byte[] taskBytes;
        try {
            taskBytes = JavaIo.serialize("task of process " + name, task);
        } finally {
            handover.end();
        }
        List<String> jvmOptions = new ArrayList<>(contextOptions);
        jvmOptions.addAll(options);
        archive = ClassArchive.plan(Launcher.classPath(), jvmOptions);
        ProcessBuilder pb = new ProcessBuilder(Launcher.command(transport, contextOptions, options, archive.options()));
        pb.environment().putAll(environment);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        java.lang.Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            ClassArchive.childEnded(archive);
            throw new IpcException("cannot start a child JVM, process=" + name + ", cause=" + e.getMessage(), e);
        }
        process = p;
        session = s;
        state = ProcessState.STARTED;
        stderr = new StreamPump(() -> System.err, prefixOutput ? "[" + name + "] " : null);
        stderr.start(p.getErrorStream(), "ipckit-stderr-" + name);
        if (!transport.usesChildStdout()) {
            StreamPump out = new StreamPump(() -> System.out, prefixOutput ? "[" + name + "] " : null);
            out.start(p.getInputStream(), "ipckit-stdout-" + name);
            stdout = out;
        }
        runtime.started(this);
        if (!transport.usesChildStdout()) {
            // the child watches its stdin for our death; once it reports its exit, end it so that its
            // watcher thread is not blocked in a read while its JVM shuts down
            s.onExitReport(() -> closeQuietly(p.getOutputStream()));
        }
        try {
            LinkOptions linkOptions = new LinkOptions(name, maxFrameSize, runtime.authkey(), wait);
            ParentEndpoint endpoint = transport.parent(new ChildStreams(p.getInputStream(), p.getOutputStream(), p.toHandle()),
                    linkOptions);
            this.endpoint = endpoint;
            new Bootstrap(ProcessHandle.current().pid(), LocalRuntime.self().name(), name, daemon, transport.name(),
                    endpoint.properties(), runtime.authkey(), serializer, taskBytes, maxFrameSize, wait)
                    .writeTo(p.getOutputStream());
            handover.commit();
            endpoint.link().whenComplete((link, error) -> {
                if (link != null) {
                    s.attach(link);
                } else if (p.isAlive()) {
                    if (!endRequested) {
                        System.err.println("ipckit: child never connected, process=" + name + ", cause=" + error);
                    }
                    p.toHandle().destroyForcibly();
                }
            });
        } catch (IOException | RuntimeException e) {
            // the child died at once (bad JVM option) or the transport failed: end its stdin so that a
            // child still waiting for its bootstrap exits; the watcher reports it. A child ended on purpose
            // meanwhile (a pool closed while this replacement was starting) is no news.
            if (!endRequested) {
                System.err.println("ipckit: could not connect to the child, process=" + name + ", cause=" + e);
            }
            closeQuietly(p.getOutputStream());
            handover.commit();
        }
        Thread watcher = new Thread(this::watch, "ipckit-watch-" + name);
        watcher.setDaemon(daemon);
        watcher.start();
        return this;
    }

    private static void closeQuietly(java.io.OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
    }

    private void watch() {
        java.lang.Process p = process;
        int raw;
        while (true) {
            try {
                raw = p.waitFor();
                break;
            } catch (InterruptedException e) {
                // keep waiting: the exit code must be settled
            }
        }
        ParentEndpoint e = endpoint;
        if (e != null) {
            e.close();
        }
        session.awaitClosed(LINK_DRAIN_MILLIS);
        ClassArchive.childEnded(archive);
        stderr.await(LINK_DRAIN_MILLIS);
        StreamPump out = stdout;
        if (out != null) {
            out.await(LINK_DRAIN_MILLIS);
        }
        exitCode = session.cleanExit() || raw <= SIGNAL_BASE || raw > SIGNAL_BASE + 64 ? raw : SIGNAL_BASE - raw;
        session.finish(p.pid(), exitCode, stderr.tail());
        dev.ipckit.internal.shm.Regions.sweepCreator(p.pid()); // what a killed child created goes now
        state = ProcessState.STOPPED;
        runtime.ended(this);
        exited.complete(this);
    }

    @Override
    public void join() {
        checkStarted();
        try {
            exited.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while joining, process=" + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IpcException("join failed, process=" + name, e.getCause());
        }
    }

    @Override
    public boolean join(Duration timeout) {
        checkStarted();
        try {
            exited.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while joining, process=" + name, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IpcException("join failed, process=" + name, e.getCause());
        }
    }

    private void checkStarted() {
        if (state == ProcessState.NEW) {
            throw new IllegalStateException("process not started, process=" + name);
        }
    }

    @Override
    public boolean isAlive() {
        java.lang.Process p = process;
        return p != null && !exited.isDone();
    }

    // Signals go through the ProcessHandle: Process.destroy() would also close our ends of the child's
    // streams, losing what it prints while it shuts down and ending its stdin (which it takes as our death).

    @Override
    public void terminate() {
        endRequested = true;
        java.lang.Process p = process;
        if (p != null && !exited.isDone()) {
            p.toHandle().destroy();
        }
    }

    @Override
    public void kill() {
        endRequested = true;
        java.lang.Process p = process;
        if (p != null && !exited.isDone()) {
            p.toHandle().destroyForcibly();
        }
    }

    @Override
    public synchronized void close() {
        if (state == ProcessState.STARTED) {
            throw new IllegalStateException("cannot close a running process, join() or kill() it first, process="
                    + name + ", pid=" + pid());
        }
        state = ProcessState.CLOSED;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isDaemon() {
        return daemon;
    }

    @Override
    public long pid() {
        java.lang.Process p = process;
        if (p == null) {
            throw new IllegalStateException("process not started, process=" + name);
        }
        return p.pid();
    }

    @Override
    public OptionalInt exitCode() {
        Integer c = exitCode;
        return c == null || !exited.isDone() ? OptionalInt.empty() : OptionalInt.of(c);
    }

    @Override
    public ProcessState state() {
        return state;
    }

    @Override
    public Optional<RemoteException> failure() {
        ChildSession s = session;
        return s == null || !exited.isDone() ? Optional.empty() : Optional.ofNullable(s.failure());
    }

    @Override
    public List<String> stderrTail() {
        StreamPump e = stderr;
        return e == null ? List.of() : e.tail();
    }

    @Override
    public CompletableFuture<IpcProcess> onExit() {
        return exited.thenApply(p -> p);
    }

    @Override
    public String toString() {
        java.lang.Process p = process;
        return "IpcProcess[name=" + name + (p == null ? "" : ", pid=" + p.pid()) + ", state=" + state
                + (exitCode == null ? "" : ", exitCode=" + exitCode) + (daemon ? ", daemon" : "") + "]";
    }
}
