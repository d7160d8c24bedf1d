package dev.ipckit.internal.process;

import dev.ipckit.IpcException;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.ProcessState;
import dev.ipckit.RemoteException;
import dev.ipckit.Task;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process of this JVM's: the handle a user holds. It starts a child JVM with its task (a cold start),
 * or gives the task to a warm spare of its context when one waits and the process asks for nothing of its
 * own (JVM options, environment, working directory). A non-daemon process keeps this JVM alive until it
 * ends, as Python joins non-daemon children at exit.
 */
public final class ChildProcess implements IpcProcess {
    private final LocalRuntime runtime;
    private final LaunchSpec spec;
    private final Task task;
    private final CompletableFuture<IpcProcess> exited = new CompletableFuture<>();
    private final List<String> options = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private Path directory;
    private String name;
    private boolean daemon;
    private Spares spares;
    private volatile boolean fromSpare;
    private volatile ProcessState state = ProcessState.NEW;
    private volatile ChildJvm jvm;

    /**
     * @param runtime this JVM's runtime
     * @param spec how the context's children start
     * @param task what the child runs
     */
    public ChildProcess(LocalRuntime runtime, LaunchSpec spec, Task task) {
        this.runtime = runtime;
        this.spec = spec;
        this.task = task;
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
        this.name = Objects.requireNonNull(name, "name");
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

    /**
     * Where this process takes a warm spare from when its context keeps none: a pool's own.
     *
     * @param spares the set
     * @return this process
     */
    public synchronized ChildProcess sparesFrom(Spares spares) {
        checkNew();
        this.spares = spares;
        return this;
    }

    @Override
    public boolean startedFromSpare() {
        return fromSpare;
    }

    @Override
    public synchronized IpcProcess start() {
        if (state != ProcessState.NEW) {
            throw new IllegalStateException("a process can only be started once, process=" + name + ", state=" + state);
        }
        Spares from = spareSet();
        ChildJvm j = from == null ? null : from.take();
        if (j != null) {
            try {
                j.assign(name, daemon, task);
                fromSpare = true;
            } catch (PeerClosedException e) {
                j = null; // the spare died as it was taken: start cold
            } catch (RuntimeException e) {
                from.giveBack(j); // the task cannot be serialized: the spare waits on for the next start
                throw e;
            }
        }
        if (j == null) {
            j = ChildJvm.cold(runtime, spec, name, daemon, task, options, environment, directory);
        }
        jvm = j;
        state = ProcessState.STARTED;
        runtime.started(this);
        if (fromSpare && !daemon) {
            // a spare's watcher is a daemon thread; this one keeps the JVM alive until the child ends
            Thread keeper = new Thread(() -> jvm.exited().join(), "ipckit-keep-" + name);
            keeper.setDaemon(false);
            keeper.start();
        }
        j.onExit(ended -> {
            state = ProcessState.STOPPED;
            runtime.ended(this);
            exited.complete(this);
        });
        return this;
    }

    /** @return the set to take a warm spare from, or null when this start is a cold one */
    private Spares spareSet() {
        if (!options.isEmpty() || !environment.isEmpty() || directory != null) {
            return null; // a spare runs the context's JVM with the parent's environment
        }
        if (spec.spares() > 0) {
            return Spares.shared(runtime, spec); // the context's spares: a pool's first workers take them too
        }
        return spares;
    }

    @Override
    public void join() {
        checkStarted();
        try {
            exited.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while joining, process=" + name, e);
        } catch (ExecutionException e) {
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
        } catch (ExecutionException e) {
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
        return jvm != null && !exited.isDone();
    }

    @Override
    public void terminate() {
        ChildJvm j = jvm;
        if (j != null) {
            j.terminate();
        }
    }

    @Override
    public void kill() {
        ChildJvm j = jvm;
        if (j != null) {
            j.kill();
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
        ChildJvm j = jvm;
        if (j == null) {
            throw new IllegalStateException("process not started, process=" + name);
        }
        return j.pid();
    }

    @Override
    public OptionalInt exitCode() {
        ChildJvm j = jvm;
        Integer c = j == null || !exited.isDone() ? null : j.exitCode();
        return c == null ? OptionalInt.empty() : OptionalInt.of(c);
    }

    @Override
    public ProcessState state() {
        return state;
    }

    @Override
    public Optional<RemoteException> failure() {
        ChildJvm j = jvm;
        return j == null || !exited.isDone() ? Optional.empty() : Optional.ofNullable(j.failure());
    }

    @Override
    public List<String> stderrTail() {
        ChildJvm j = jvm;
        return j == null ? List.of() : j.stderrTail();
    }

    @Override
    public CompletableFuture<IpcProcess> onExit() {
        return exited.thenApply(p -> p);
    }

    @Override
    public String toString() {
        ChildJvm j = jvm;
        Integer code = j == null ? null : j.exitCode();
        return "IpcProcess[name=" + name + (j == null ? "" : ", pid=" + j.pid()) + ", state=" + state
                + (code == null ? "" : ", exitCode=" + code) + (daemon ? ", daemon" : "") + "]";
    }
}
