package dev.ipckit.internal.process;

import dev.ipckit.IpcException;
import dev.ipckit.RemoteException;
import dev.ipckit.Task;
import dev.ipckit.internal.Assignment;
import dev.ipckit.internal.Bootstrap;
import dev.ipckit.internal.pipe.PipeEnd;
import dev.ipckit.internal.region.Regions;
import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.JavaIo;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One child JVM as the operating system sees it: the process, its output pumps, its link and session,
 * its class-archive plan, and the watcher thread that settles its exit. It starts either with its task
 * (a cold start) or as a warm spare, which connects and warms up with no task, then is
 * {@linkplain #assign given one}.
 */
final class ChildJvm {
    private static final long LINK_DRAIN_MILLIS = 2000;
    private static final int SIGNAL_BASE = 128;

    private final LocalRuntime runtime;
    private final LaunchSpec spec;
    private final ChildSession session;
    private final CompletableFuture<ChildJvm> exited = new CompletableFuture<>();
    private volatile String name;
    private volatile Process process;
    /** Set by terminate and kill: a failure to connect to a child being ended on purpose is not reported. */
    private volatile boolean endRequested;
    private volatile StreamPump stderr;
    private volatile StreamPump stdout;
    private volatile ParentEndpoint endpoint;
    private volatile ClassArchive.Plan archive = ClassArchive.Plan.NONE;
    private volatile Integer exitCode;

    private ChildJvm(LocalRuntime runtime, LaunchSpec spec, String name, boolean prefixOutput) {
        this.runtime = runtime;
        this.spec = spec;
        this.name = name;
        this.session = new ChildSession(name, runtime, prefixOutput);
    }

    /**
     * Starts a child JVM with its task.
     *
     * @param runtime this JVM's runtime
     * @param spec how children of the context start
     * @param name the process's name
     * @param daemon whether it is a daemon
     * @param task what it runs
     * @param processOptions the process's own JVM options
     * @param environment variables added to its environment
     * @param directory its working directory, or null for ours
     * @return the child, started
     * @throws IpcException if the JVM cannot be started
     */
    static ChildJvm cold(LocalRuntime runtime, LaunchSpec spec, String name, boolean daemon, Task task,
                         List<String> processOptions, Map<String, String> environment, Path directory) {
        ChildJvm jvm = new ChildJvm(runtime, spec, name, spec.prefixOutput());
        Handover handover = new Handover(jvm.session);
        byte[] taskBytes = JavaIo.serialize("task of process " + name, task, handover);
        jvm.launch(daemon, taskBytes, handover, processOptions, environment, directory);
        return jvm;
    }

    /**
     * Starts a warm spare: a child JVM of the context's configuration that connects, warms up its
     * serializer and waits, running no user code, until it is {@linkplain #assign given a task}.
     *
     * @param runtime this JVM's runtime
     * @param spec how children of the context start
     * @param name a name for it while it waits
     * @return the spare, starting
     * @throws IpcException if the JVM cannot be started
     */
    static ChildJvm spare(LocalRuntime runtime, LaunchSpec spec, String name) {
        ChildJvm jvm = new ChildJvm(runtime, spec, name, false);
        jvm.launch(true, null, null, List.of(), Map.of(), null);
        jvm.ready().whenComplete((ok, error) -> {
            if (error != null) {
                jvm.warm.completeExceptionally(error);
            } else {
                Thread t = new Thread(jvm::warmUp, "ipckit-warm-up-" + name);
                t.setDaemon(true);
                t.start();
            }
        });
        return jvm;
    }

    /**
     * Runs ipckit's warm-up job on a spare that has connected: a pipe end handed over, bytes and an object
     * sent back, the end closed; the first task then takes those paths warm (they cost a cold JVM about
     * 20 ms). The spare is warm when it is done, or when it has failed (the spare then starts its task the
     * slower way, or has died and is replaced).
     */
    private void warmUp() {
        PipeEnd[] ends = runtime.router().newPipe(false, spec.serializer(), WARM_UP_WINDOW);
        try {
            synchronized (assignLock) {
                if (assigned) {
                    // taken before its warm-up was sent: the task goes first and the warm-up would never be run
                    warm.complete(null);
                    return;
                }
                sendAssignment(null, true, new WarmUpTask(ends[1]));
            }
            if (!ends[0].poll(WARM_UP_LIMIT)) {
                throw new IpcException("spare warm-up sent nothing within " + WARM_UP_LIMIT + ", process=" + name);
            }
            ends[0].recvBytes();
            Object done = ends[0].recv(WARM_UP_LIMIT).orElse(null);
            if (!WarmUpTask.DONE.equals(done)) {
                throw new IpcException("spare warm-up sent " + done + ", process=" + name);
            }
            warm.complete(null);
        } catch (RuntimeException e) {
            warm.complete(null); // warm enough to take a task: it connected
        } finally {
            ends[0].close();
            ends[1].close();
        }
    }

    private static final int WARM_UP_WINDOW = 64 * 1024;
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(30);
    private final CompletableFuture<Void> warm = new CompletableFuture<>();
    /**
     * Orders the warm-up and the task on a spare: the child runs its ATTACH frames in the order they come,
     * so a warm-up sent after the task would wait for a spare that is busy with the task for good.
     */
    private final Object assignLock = new Object();
    /** Set once a task was sent: no warm-up goes after it. */
    private boolean assigned;

    /**
     * Sends a spare an assignment: the task serialized with its handles recorded as handed over to this
     * child, which takes effect once it is sent.
     */
    private void sendAssignment(String processName, boolean daemon, Task task) {
        Handover handover = new Handover(session);
        byte[] taskBytes = JavaIo.serialize(processName == null ? "warm-up" : "task of process " + processName, task,
                handover);
        session.send(new Frame(FrameKind.ATTACH, (byte) 0, 0,
                JavaIo.serialize("assignment", new Assignment(processName, daemon, taskBytes))));
        handover.commit();
    }

    private void launch(boolean daemon, byte[] taskBytes, Handover handover, List<String> processOptions,
                        Map<String, String> environment, Path directory) {
        List<String> jvmOptions = new ArrayList<>(spec.contextOptions());
        jvmOptions.addAll(processOptions);
        archive = ClassArchive.plan(Launcher.classPath(), jvmOptions);
        ProcessBuilder pb = new ProcessBuilder(Launcher.command(spec.transport(), spec.contextOptions(), processOptions,
                archive.options()));
        pb.environment().putAll(environment);
        if (directory != null) {
            pb.directory(directory.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            ClassArchive.childEnded(archive);
            throw new IpcException("cannot start a child JVM, process=" + name + ", cause=" + e.getMessage(), e);
        }
        process = p;
        String prefix = spec.prefixOutput() && taskBytes != null ? "[" + name + "] " : null;
        stderr = new StreamPump(() -> System.err, prefix);
        stderr.start(p.getErrorStream(), "ipckit-stderr-" + name);
        if (!spec.transport().usesChildStdout()) {
            StreamPump out = new StreamPump(() -> System.out, prefix);
            out.start(p.getInputStream(), "ipckit-stdout-" + name);
            stdout = out;
            // the child watches its stdin for our death; once it reports its exit, end it so that its
            // watcher thread is not blocked in a read while its JVM shuts down
            session.onExitReport(() -> closeQuietly(p.getOutputStream()));
        }
        try {
            LinkOptions linkOptions = new LinkOptions(name, spec.maxFrameSize(), runtime.authkey(), spec.waitStrategy());
            ParentEndpoint e = spec.transport().parent(new ChildStreams(p.getInputStream(), p.getOutputStream(),
                    p.toHandle()), linkOptions);
            this.endpoint = e;
            new Bootstrap(ProcessHandle.current().pid(), LocalRuntime.self().name(), name, daemon,
                    spec.transport().name(), e.properties(), runtime.authkey(), spec.serializer(), taskBytes,
                    spec.maxFrameSize(), spec.waitStrategy()).writeTo(p.getOutputStream());
            if (handover != null) {
                handover.commit();
            }
            e.link().whenComplete((link, error) -> {
                if (link != null) {
                    session.attach(link);
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
            if (handover != null) {
                handover.commit();
            }
        }
        Thread watcher = new Thread(this::watch, "ipckit-watch-" + name);
        watcher.setDaemon(daemon);
        watcher.start();
    }

    /**
     * Gives a spare its task: from here it is that process, under its name. Pipe ends and queues in the
     * task are handed over to it as in a cold start.
     *
     * @param processName the process's name
     * @param daemon whether it is a daemon
     * @param task what it runs
     * @throws dev.ipckit.PeerClosedException if the spare has died
     */
    void assign(String processName, boolean daemon, Task task) {
        String before = name;
        name = processName;
        session.rename(processName, spec.prefixOutput());
        try {
            synchronized (assignLock) {
                sendAssignment(processName, daemon, task);
                assigned = true;
            }
        } catch (RuntimeException e) {
            name = before; // not taken: the spare waits on under its own name
            session.rename(before, false);
            throw e;
        }
        String prefix = spec.prefixOutput() ? "[" + processName + "] " : null;
        stderr.prefix(prefix);
        if (stdout != null) {
            stdout.prefix(prefix);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the child is gone already
        }
    }

    private void watch() {
        Process p = process;
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
        Regions.sweepCreator(p.pid()); // what a killed child created goes now
        exited.complete(this);
    }

    /** @return completed when the child has connected and said HELLO; exceptionally if it ended first */
    CompletableFuture<Void> ready() {
        return session.hello();
    }

    /** @return for a spare, completed when it has connected and run its warm-up; exceptionally if it ended first */
    CompletableFuture<Void> warm() {
        return warm;
    }

    /** @return completed when the child has ended and its exit is settled */
    CompletableFuture<ChildJvm> exited() {
        return exited;
    }

    /** @param action run once the child has ended and its exit is settled */
    void onExit(Consumer<ChildJvm> action) {
        exited.thenAccept(action);
    }

    /** @return whether the JVM is running (its exit not yet settled) */
    boolean isAlive() {
        return !exited.isDone();
    }

    /** @return its pid */
    long pid() {
        return process.pid();
    }

    /** @return its exit code, Python's convention (−N for signal N), or null while it runs */
    Integer exitCode() {
        return exited.isDone() ? exitCode : null;
    }

    /** @return the task's exception, if it reported one, once ended */
    RemoteException failure() {
        return exited.isDone() ? session.failure() : null;
    }

    /** @return its last lines of stderr */
    List<String> stderrTail() {
        StreamPump e = stderr;
        return e == null ? List.of() : e.tail();
    }

    // Signals go through the ProcessHandle: Process.destroy() would also close our ends of the child's
    // streams, losing what it prints while it shuts down and ending its stdin (which it takes as our death).

    /** SIGTERM, unless it has ended. */
    void terminate() {
        endRequested = true;
        if (!exited.isDone()) {
            process.toHandle().destroy();
        }
    }

    /** SIGKILL, unless it has ended. */
    void kill() {
        endRequested = true;
        if (!exited.isDone()) {
            process.toHandle().destroyForcibly();
        }
    }
}
