package dev.ipckit.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Sends one pool's chunks to the members and takes their outcomes back. A member gets chunks while it
 * holds fewer than {@link MemberSlot#IN_FLIGHT} per worker; the freest member (relative to its size)
 * gets the next one, so a member that finishes sooner gets more. When a member leaves or dies, the
 * chunks it held go back to the head of the queue (up to the pool's retries) or fail with a
 * {@link MemberLostException} naming it; Hazelcast does not re-run executor tasks of a lost member itself.
 *
 * <p>Decisions are taken under this object's lock; sends to Hazelcast and the chunks' callbacks happen
 * outside it, so a slow callback never holds up the others.
 */
final class Dispatcher {
    private final HazelcastInstance hz;
    private final IExecutorService executor;
    private final Serializer serializer;
    private final ClusterPoolOptions options;
    private final String initKey;
    private final Consumer<RuntimeException> onInitFailure;
    private final ArrayDeque<ClusterChunk> pending = new ArrayDeque<>();
    private final Map<UUID, MemberSlot> members = new LinkedHashMap<>();
    private long noMembersSince = System.nanoTime();
    private RuntimeException stopped;

    Dispatcher(HazelcastInstance hz, Serializer serializer, ClusterPoolOptions options, String initKey,
               Consumer<RuntimeException> onInitFailure) {
        this.hz = hz;
        this.executor = hz.getExecutorService(HzConfigs.EXECUTOR);
        this.serializer = serializer;
        this.options = options;
        this.initKey = initKey;
        this.onInitFailure = onInitFailure;
    }

    /** A chunk paired with the member it goes to, decided under the lock and sent outside it. */
    private record Send(ClusterChunk chunk, MemberSlot slot) {
    }

    void submit(ClusterChunk c) {
        List<Send> sends;
        RuntimeException refused;
        synchronized (this) {
            refused = stopped;
            if (refused == null) {
                pending.add(c);
            }
            sends = assign();
        }
        if (refused != null) {
            c.fail(refused);
        }
        send(sends);
    }

    /** Drops a chunk that was not sent yet; one already sent is interrupted by its {@code fail}. */
    synchronized void withdraw(ClusterChunk c) {
        pending.remove(c);
    }

    synchronized boolean isIdle() {
        if (!pending.isEmpty()) {
            return false;
        }
        for (MemberSlot s : members.values()) {
            if (!s.held.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** @return the members that offer workers now */
    synchronized List<MemberInfo> members() {
        return members.values().stream().map(s -> s.info).toList();
    }

    /**
     * Stops sending; every chunk queued or held, and any submitted later, fails with {@code error}.
     *
     * @param error why
     * @return the chunks that were never sent
     */
    List<ClusterChunk> stop(RuntimeException error) {
        List<ClusterChunk> all = new ArrayList<>();
        List<ClusterChunk> unsent;
        synchronized (this) {
            if (stopped == null) {
                stopped = error;
            }
            unsent = new ArrayList<>(pending);
            all.addAll(pending);
            pending.clear();
            for (MemberSlot s : members.values()) {
                all.addAll(s.held);
                s.held.clear();
            }
        }
        all.forEach(c -> c.fail(error));
        return unsent;
    }

    // ---- membership ------------------------------------------------------------------------------

    void memberAdded(Member m) {
        if (!MemberInfo.isWorker(m)) {
            return;
        }
        List<Send> sends;
        synchronized (this) {
            members.putIfAbsent(m.getUuid(), new MemberSlot(m));
            sends = assign();
        }
        send(sends);
    }

    void memberRemoved(Member m) {
        List<ClusterChunk> failed = new ArrayList<>();
        List<Send> sends;
        synchronized (this) {
            removeLocked(m.getUuid(), failed);
            sends = assign();
        }
        failLost(failed);
        send(sends);
    }

    /**
     * Brings the members in line with what the connection sees now: a client cut off from the whole cluster
     * hears of no member leaving, so {@code current} is empty then, and every member's chunks count as lost.
     * After a reconnection, members it missed are added.
     *
     * @param current the members reachable now
     */
    void sync(Collection<Member> current) {
        List<ClusterChunk> failed = new ArrayList<>();
        List<Send> sends;
        synchronized (this) {
            Set<UUID> now = new HashSet<>();
            current.forEach(m -> now.add(m.getUuid()));
            for (UUID id : new ArrayList<>(members.keySet())) {
                if (!now.contains(id)) {
                    removeLocked(id, failed);
                }
            }
            for (Member m : current) {
                if (MemberInfo.isWorker(m)) {
                    members.putIfAbsent(m.getUuid(), new MemberSlot(m));
                }
            }
            sends = assign();
        }
        failLost(failed);
        send(sends);
    }

    private void removeLocked(UUID id, List<ClusterChunk> failed) {
        MemberSlot slot = members.remove(id);
        if (slot == null) {
            return;
        }
        if (members.isEmpty()) {
            noMembersSince = System.nanoTime();
        }
        List<ClusterChunk> held = new ArrayList<>(slot.held);
        slot.held.clear();
        held.sort(Comparator.comparingLong((ClusterChunk c) -> c.id).reversed());
        for (ClusterChunk c : held) {
            lostLocked(c, slot, failed);
        }
    }

    /** A chunk whose member was lost: back to the head of the queue, or into {@code failed}. Under the lock. */
    private void lostLocked(ClusterChunk c, MemberSlot slot, List<ClusterChunk> failed) {
        c.member = null;
        c.lostFrom = slot.info;
        if (c.isSettled()) {
            return;
        }
        if (c.attempts <= options.retries() && stopped == null) {
            pending.addFirst(c);
        } else {
            failed.add(c);
        }
    }

    private static void failLost(List<ClusterChunk> failed) {
        for (ClusterChunk c : failed) {
            c.fail(new MemberLostException("a cluster member was lost while it held a task, and the task"
                    + " was not retried further", c.lostFrom, c.attempts));
        }
    }

    // ---- sending ---------------------------------------------------------------------------------

    /** Pairs queued chunks with the freest members while any has room. Under the lock. */
    private List<Send> assign() {
        if (stopped != null || pending.isEmpty()) {
            return List.of();
        }
        List<Send> out = new ArrayList<>();
        long now = System.nanoTime();
        while (!pending.isEmpty()) {
            MemberSlot best = null;
            for (MemberSlot s : members.values()) {
                if (s.held.size() < s.capacity() && now - s.suspectUntil >= 0
                        && (best == null || s.freeShare() > best.freeShare())) {
                    best = s;
                }
            }
            if (best == null) {
                break;
            }
            ClusterChunk c = pending.poll();
            if (c.isSettled()) {
                continue;
            }
            c.member = best;
            c.attempts++;
            c.sentNanos = now;
            best.held.add(c);
            out.add(new Send(c, best));
        }
        return out;
    }

    private void send(List<Send> sends) {
        for (Send s : sends) {
            ClusterChunk c = s.chunk();
            ChunkTask task = new ChunkTask(c.fn.key(), c.fn.inline(), c.args, initKey, serializer.id());
            Future<ChunkAnswer> f;
            try {
                f = executor.submitToMember(task, s.slot().member);
            } catch (RuntimeException e) {
                outcome(c, s.slot(), null, e);
                continue;
            }
            c.sent(f);
            if (!(f instanceof CompletionStage<?>)) {
                outcome(c, s.slot(), null, new IllegalStateException("Hazelcast's executor future is not a"
                        + " CompletionStage, class=" + f.getClass().getName()));
                continue;
            }
            @SuppressWarnings("unchecked")
            CompletionStage<ChunkAnswer> stage = (CompletionStage<ChunkAnswer>) f;
            stage.whenComplete((answer, error) -> outcome(c, s.slot(), answer, error));
        }
    }

    /** What a member answered for a chunk, or how the send failed. */
    private void outcome(ClusterChunk c, MemberSlot slot, ChunkAnswer answer, Throwable error) {
        Throwable cause = unwrap(error);
        List<ClusterChunk> failed = new ArrayList<>();
        boolean lost = cause != null && isMemberLoss(cause);
        List<Send> sends;
        synchronized (this) {
            boolean held = slot.held.remove(c);
            if (held && lost && !c.isSettled()) {
                slot.suspectUntil = System.nanoTime() + 5_000_000_000L;
                lostLocked(c, slot, failed);
            }
            if (held && !lost) {
                c.member = null;
            }
            sends = assign();
        }
        failLost(failed);
        send(sends);
        if (lost || c.isSettled()) {
            return;
        }
        if (cause instanceof CancellationException) {
            c.fail(cause);
        } else if (cause != null) {
            c.fail(hazelcastFailure(cause, slot));
        } else if (answer.refusal() != null) {
            c.fail(new SerializationException(answer.refusal()));
        } else {
            settle(c, answer.outcome());
        }
    }

    private void settle(ClusterChunk c, byte[] bytes) {
        ChunkOutcome o;
        try {
            o = (ChunkOutcome) serializer.decode(bytes);
        } catch (SerializationException e) {
            c.fail(new SerializationException("a member's answer cannot be read here, " + e.getMessage(), e));
            return;
        }
        switch (o.kind()) {
            case ChunkOutcome.OK -> c.complete(o.results());
            case ChunkOutcome.FAILED -> c.fail(o.error().toException(o.where()));
            case ChunkOutcome.UNSERIALIZABLE -> c.fail(new SerializationException(o.message() + " (on " + o.where() + ")"));
            case ChunkOutcome.INIT_FAILED -> {
                IpcException broken = new IpcException("pool initializer failed on " + o.where()
                        + "; the pool cannot run tasks, cause=" + o.error().className() + ": " + o.error().message(),
                        o.error().toException(o.where()));
                onInitFailure.accept(broken);
                c.fail(broken);
            }
            default -> c.fail(new IpcException("unknown chunk outcome, kind=" + o.kind()));
        }
    }

    private RuntimeException hazelcastFailure(Throwable cause, MemberSlot slot) {
        if (cause instanceof HazelcastInstanceNotActiveException || !hz.getLifecycleService().isRunning()) {
            return new PeerClosedException("the connection to the cluster is closed", cause);
        }
        if (cause instanceof com.hazelcast.nio.serialization.HazelcastSerializationException) {
            return new SerializationException("Hazelcast could not carry a task to " + slot.info + ", cause=" + cause, cause);
        }
        return new IpcException("a task could not run on " + slot.info + ", cause=" + cause, cause);
    }

    /** Whether Hazelcast says the member is gone (or going), rather than that the task failed. */
    private boolean isMemberLoss(Throwable t) {
        if (t instanceof MemberLeftException || t instanceof RetryableException
                || t instanceof TargetDisconnectedException) {
            return true;
        }
        // a member that is shutting down refuses new operations this way; our own client being closed is not a loss
        return t instanceof HazelcastInstanceNotActiveException && hz.getLifecycleService().isRunning();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---- time limits -----------------------------------------------------------------------------

    /** Fails chunks past their task timeout, and queued chunks that waited too long for any member. */
    void checkTimes() {
        long now = System.nanoTime();
        List<ClusterChunk> late = new ArrayList<>();
        List<ClusterChunk> orphaned = new ArrayList<>();
        synchronized (this) {
            if (options.taskTimeout() != null) {
                for (MemberSlot s : members.values()) {
                    for (ClusterChunk c : s.held) {
                        if (now - c.sentNanos > options.taskTimeout().toNanos() * c.size) {
                            late.add(c);
                        }
                    }
                    late.forEach(s.held::remove);
                }
            }
            if (members.isEmpty() && !pending.isEmpty() && now - noMembersSince > options.memberWait().toNanos()) {
                orphaned.addAll(pending);
                pending.clear();
            }
        }
        for (ClusterChunk c : late) {
            c.fail(new IpcTimeoutException("task ran past the pool's task timeout on " + c.member.info + ", timeout="
                    + options.taskTimeout() + " per item, items=" + c.size + "; its member thread was interrupted"));
        }
        for (ClusterChunk c : orphaned) {
            if (c.lostFrom != null) {
                c.fail(new MemberLostException("a cluster member was lost while it held a task, and no member"
                        + " offered workers within " + options.memberWait(), c.lostFrom, c.attempts));
            } else {
                c.fail(new IpcTimeoutException("no cluster member offered workers within " + options.memberWait()
                        + "; start one with the worker command"));
            }
        }
        if (!late.isEmpty()) {
            List<Send> sends;
            synchronized (this) {
                sends = assign();
            }
            send(sends);
        }
    }
}
