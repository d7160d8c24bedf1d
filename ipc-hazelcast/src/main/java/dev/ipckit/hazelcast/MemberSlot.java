package dev.ipckit.hazelcast;

import com.hazelcast.cluster.Member;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A member as one pool sees it: how many chunks it may hold and which it holds now. Guarded by the
 * {@link Dispatcher}'s lock.
 */
final class MemberSlot {
    /**
     * Chunks sent ahead per worker thread of a member: one running, the rest queued there, so a worker
     * that finishes starts its next chunk without waiting a network round trip.
     */
    static final int IN_FLIGHT = 4;

    final Member member;
    final MemberInfo info;
    final Set<ClusterChunk> held = new LinkedHashSet<>();
    /** Until when no chunk is sent here: a send to it failed as if it were gone, and its removal may follow. */
    long suspectUntil;

    MemberSlot(Member member) {
        this.member = member;
        this.info = MemberInfo.of(member);
    }

    int capacity() {
        return Math.max(1, info.workers()) * IN_FLIGHT;
    }

    /** @return free room relative to its size, so that members of different sizes fill alike */
    double freeShare() {
        return (capacity() - held.size()) / (double) capacity();
    }
}
