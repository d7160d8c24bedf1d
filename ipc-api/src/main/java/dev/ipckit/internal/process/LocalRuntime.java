package dev.ipckit.internal.process;

import dev.ipckit.IpcProcess;
import dev.ipckit.ProcessInfo;
import dev.ipckit.internal.pipe.Router;
import dev.ipckit.internal.queue.QueueRegistry;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this JVM holds as a parent: the pipes and queues it created, its live children, its authkey, and
 * the shutdown hook that ends daemon children and waits for the others, as Python does at exit.
 * One per JVM.
 */
public final class LocalRuntime {
    private static final LocalRuntime INSTANCE = new LocalRuntime();
    private static final Duration DAEMON_GRACE = Duration.ofSeconds(1);

    private final Router router = new Router();
    private final QueueRegistry queues = new QueueRegistry();
    private final Set<ChildProcess> children = ConcurrentHashMap.newKeySet();
    private final AtomicInteger names = new AtomicInteger();
    private final byte[] authkey = new byte[32];
    private volatile ScheduledExecutorService timer;
    private volatile boolean hookInstalled;
    /** Who this JVM is, once it knows it is an ipckit child; null in a main process. */
    private volatile ProcessInfo self;

    private LocalRuntime() {
        new SecureRandom().nextBytes(authkey);
    }

    /** @return the runtime of this JVM */
    public static LocalRuntime get() {
        return INSTANCE;
    }

    /** @return the router of the pipes this JVM created */
    public Router router() {
        return router;
    }

    /** @return the queues this JVM owns */
    public QueueRegistry queues() {
        return queues;
    }

    /** @return 32 random bytes, this JVM's secret for its children */
    public byte[] authkey() {
        return authkey.clone();
    }

    /** @return a default name, {@code Process-N} */
    public String nextName() {
        return "Process-" + names.incrementAndGet();
    }

    /** @return a timer thread for timeouts */
    public ScheduledExecutorService timer() {
        ScheduledExecutorService t = timer;
        if (t == null) {
            synchronized (this) {
                if (timer == null) {
                    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread th = new Thread(r, "ipckit-timer");
                        th.setDaemon(true);
                        return th;
                    });
                    s.setRemoveOnCancelPolicy(true);
                    timer = s;
                }
                t = timer;
            }
        }
        return t;
    }

    /** @param child a child just started */
    public void started(ChildProcess child) {
        installExitHook();
        children.add(child);
    }

    /** @param child a child that has ended */
    public void ended(ChildProcess child) {
        children.remove(child);
    }

    /** @return the children started here that are still alive */
    public List<IpcProcess> activeChildren() {
        return children.stream().filter(ChildProcess::isAlive).map(c -> (IpcProcess) c).toList();
    }

    /** @return who this JVM is: the child it was started as, else {@code MainProcess} */
    public static ProcessInfo self() {
        ProcessInfo s = INSTANCE.self;
        return s != null ? s : new ProcessInfo("MainProcess", ProcessHandle.current().pid(), false);
    }

    /**
     * This JVM is an ipckit child (its runtime is installed, or a warm spare was given its task).
     *
     * @param who who it is now
     */
    public void identify(ProcessInfo who) {
        self = who;
    }

    /** Installs the hook that ends this JVM's children at its exit (once). */
    public void installExitHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (this) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::atExit, "ipckit-exit"));
                hookInstalled = true;
            }
        }
    }

    /** Daemon children are terminated, then killed after a grace period; the others are waited for. */
    private void atExit() {
        Spares.closeAll(); // idle spares first: they run nothing of the user's
        List<ChildProcess> daemons = children.stream().filter(c -> c.isDaemon() && c.isAlive()).toList();
        daemons.forEach(ChildProcess::terminate);
        long deadline = System.nanoTime() + DAEMON_GRACE.toNanos();
        for (ChildProcess c : daemons) {
            if (!c.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                c.kill();
            }
        }
        for (ChildProcess c : children) {
            if (!c.isDaemon() && c.isAlive()) {
                c.join();
            }
        }
    }
}
