package dev.ipckit.internal.process;


import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warm spare children of one configuration, the JVM's answer to CPython's forkserver: child JVMs started,
 * connected and warmed up ahead of need, running no user code, so that a process starting on one is
 * running its task within milliseconds. A spare taken is replaced behind it; a spare that dies while
 * waiting is replaced too, unless spares keep dying before they connect (then this set stops starting
 * them and starts fall back to cold ones). Spares are daemon children: they end with this JVM, and this
 * JVM's exit ends them first.
 *
 * <p>Two kinds of set: a context's ({@link #shared}), one per configuration in this JVM, whose spares end
 * after {@link #IDLE} unused; and a pool's own ({@link #owned}), ended with the pool.
 */
public final class Spares {
    /** Spares of a context's set end after this long unused (property {@code ipckit.spares.idleSeconds}). */
    static final Duration IDLE = Duration.ofSeconds(Long.getLong("ipckit.spares.idleSeconds", 60));
    /** Spares dying before they connect, in a row, after which the set stops starting them. */
    private static final int MAX_FAILED_STARTS = 3;
    private static final Map<String, Spares> SHARED = new ConcurrentHashMap<>();
    private static final Set<Spares> OWNED = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final LocalRuntime runtime;
    private final LaunchSpec spec;
    private final int target;
    private final boolean expires;
    private final ArrayDeque<ChildJvm> waiting = new ArrayDeque<>();
    private int failedStarts;
    private boolean closed;
    /** Whether spares are kept at all yet: a pool's set starts none before its first {@link #topUp()}. */
    private boolean active;
    private long lastUsed = System.nanoTime();
    private ScheduledFuture<?> expiry;

    private Spares(LocalRuntime runtime, LaunchSpec spec, int target, boolean expires) {
        this.runtime = runtime;
        this.spec = spec;
        this.target = target;
        this.expires = expires;
    }

    /**
     * @param runtime this JVM's runtime
     * @param spec the configuration, whose {@link LaunchSpec#spares()} is the number to keep
     * @return this JVM's set for that configuration, its spares starting
     */
    public static Spares shared(LocalRuntime runtime, LaunchSpec spec) {
        runtime.installExitHook();
        Spares s = SHARED.computeIfAbsent(spec.key(), k -> new Spares(runtime, spec, spec.spares(), true));
        synchronized (s) {
            s.lastUsed = System.nanoTime(); // a start or startSpares(): in use; a replacement after a death is not
        }
        s.topUp();
        return s;
    }

    /**
     * A set owned by its caller (a pool), not shared and not expiring; its spares start on the first
     * {@link #topUp()}.
     *
     * @param runtime this JVM's runtime
     * @param spec the configuration
     * @param count how many spares to keep
     * @return the set, with no spare started yet
     */
    public static Spares owned(LocalRuntime runtime, LaunchSpec spec, int count) {
        runtime.installExitHook();
        Spares s = new Spares(runtime, spec, count, false);
        OWNED.add(s);
        return s;
    }

    /** @return the configuration its spares have */
    LaunchSpec spec() {
        return spec;
    }

    /**
     * Takes the spare that has waited longest (a ready one if any), and starts another behind it.
     *
     * @return a live spare, or null if there is none (the caller starts cold)
     */
    synchronized ChildJvm take() {
        lastUsed = System.nanoTime();
        ChildJvm pick = null;
        for (ChildJvm j : waiting) {
            if (j.isAlive() && (pick == null || j.warm().isDone() && !pick.warm().isDone())) {
                pick = j;
            }
        }
        if (pick != null) {
            waiting.remove(pick);
        }
        if (active) {
            runtime.timer().execute(this::refill); // off the caller's path: starting a JVM takes milliseconds
        }
        return pick;
    }

    /**
     * Puts back a spare that was taken but not given a task (the task could not be serialized): it waits
     * first in line again (a spare started behind it meanwhile goes instead), unless the set is closed.
     *
     * @param j the spare
     */
    void giveBack(ChildJvm j) {
        ChildJvm extra = null;
        synchronized (this) {
            if (closed || !j.isAlive()) {
                extra = j;
            } else {
                waiting.addFirst(j);
                if (waiting.size() > target) {
                    extra = waiting.removeLast(); // the one started behind it, not yet warm
                }
            }
        }
        if (extra != null) {
            extra.kill();
        }
    }

    /**
     * Starts spares until {@code count} wait (or start), unless closed or spares keep failing to start; from
     * now on a spare taken or dead is replaced. Before the first call, {@link #take()} starts none: a pool's
     * spare must not start beside its first workers.
     */
    public synchronized void topUp() {
        active = true;
        refill();
    }

    private synchronized void refill() {
        while (!closed && failedStarts < MAX_FAILED_STARTS && waiting.size() < target) {
            ChildJvm j;
            try {
                j = ChildJvm.spare(runtime, spec, "Spare-" + NAMES.incrementAndGet());
            } catch (RuntimeException e) {
                failedStarts = MAX_FAILED_STARTS; // no JVM can be started: cold starts will say why
                return;
            }
            waiting.add(j);
            j.ready().whenComplete((ok, error) -> started(error == null));
            j.onExit(this::ended);
        }
        scheduleExpiry();
    }

    private synchronized void started(boolean ok) {
        failedStarts = ok ? 0 : failedStarts + 1;
    }

    /** A spare ended: if it was still waiting, it died idle and is replaced. */
    private void ended(ChildJvm j) {
        boolean replace;
        synchronized (this) {
            replace = waiting.remove(j) && !closed;
        }
        if (replace) {
            refill();
        }
    }

    private void scheduleExpiry() {
        if (!expires || closed || expiry != null || waiting.isEmpty()) {
            return;
        }
        expiry = runtime.timer().schedule(this::expire, IDLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire() {
        List<ChildJvm> ending = new ArrayList<>();
        synchronized (this) {
            expiry = null;
            long idle = System.nanoTime() - lastUsed;
            if (idle < IDLE.toNanos()) {
                expiry = runtime.timer().schedule(this::expire, IDLE.toNanos() - idle, TimeUnit.NANOSECONDS);
                return;
            }
            ending.addAll(waiting);
            waiting.clear(); // not replaced: the next start tops the set up again
        }
        ending.forEach(ChildJvm::kill);
    }

    /**
     * Ends the spares waiting and starts no more; returns once they have exited (at most a few seconds).
     */
    public void close() {
        List<ChildJvm> ending;
        synchronized (this) {
            closed = true;
            ending = new ArrayList<>(waiting);
            waiting.clear();
            if (expiry != null) {
                expiry.cancel(false);
            }
        }
        OWNED.remove(this);
        SHARED.remove(spec.key(), this);
        ending.forEach(ChildJvm::kill);
        for (ChildJvm j : ending) {
            try {
                j.exited().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // killed; its watcher settles it
            }
        }
    }

    /**
     * Ends the spares of this JVM's set for a configuration, if it has one.
     *
     * @param spec the configuration
     */
    public static void closeShared(LaunchSpec spec) {
        Spares s = SHARED.get(spec.key());
        if (s != null) {
            s.close();
        }
    }

    /** @return completed when every spare waiting now has connected and warmed up (exceptionally if one died first) */
    public synchronized CompletableFuture<Void> ready() {
        return CompletableFuture.allOf(waiting.stream().map(ChildJvm::warm).toArray(CompletableFuture[]::new));
    }

    /** Ends the spares of every set: at exit, and for {@code Ipc.closeSpares()}. */
    public static void closeAll() {
        List<Spares> all = new ArrayList<>(SHARED.values());
        all.addAll(OWNED);
        all.forEach(Spares::close);
    }

    /** @return how many spares wait (or start) in this set now */
    public synchronized int waiting() {
        return waiting.size();
    }
}
