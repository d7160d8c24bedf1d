package dev.ipckit.hazelcast;

import dev.ipckit.PeerClosedException;

/**
 * A cluster member left or died while it held a task, and the task could not be run elsewhere: it had
 * been retried as often as {@link ClusterPoolOptions#retries()} allows, or no member was left to take it
 * within {@link ClusterPoolOptions#memberWait()}. Names the member. A {@link PeerClosedException}, like
 * the local pool's {@link dev.ipckit.WorkerDiedException}: code that catches {@code PeerClosedException}
 * handles both.
 */
public class MemberLostException extends PeerClosedException {
    private static final long serialVersionUID = 1L;

    private final MemberInfo member;
    private final int attempts;

    /**
     * @param what what the loss interrupted
     * @param member the member that was lost
     * @param attempts how many times the task was sent to a member, this last one included
     */
    public MemberLostException(String what, MemberInfo member, int attempts) {
        super(what + ", member=" + member + ", attempts=" + attempts);
        this.member = member;
        this.attempts = attempts;
    }

    /** @return the member that was lost holding the task */
    public MemberInfo member() {
        return member;
    }

    /** @return how many times the task was sent to a member */
    public int attempts() {
        return attempts;
    }
}
