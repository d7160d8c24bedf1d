package dev.ipckit.hazelcast;

import dev.ipckit.Queue;
import dev.ipckit.Task;

/**
 * What a test member JVM runs: starts a cluster member, reports {@code up <pid>} (or {@code error ...}) on
 * the test's queue, and serves until the test kills it (or the test JVM ends, which ends every child).
 *
 * @param options the member's options
 * @param checked whether to run the secret probe first ({@link ClusterMember#start}) or go straight to the join
 * @param report where to say that it is up
 */
record MemberTask(ClusterOptions options, boolean checked, Queue<String> report) implements Task {

    @Override
    public void run() throws Exception {
        ClusterMember m;
        try {
            m = checked ? ClusterMember.start(options) : ClusterMember.startUnchecked(options);
        } catch (RuntimeException e) {
            report.put("error " + e.getClass().getName() + ": " + e.getMessage());
            return;
        }
        report.put("up " + ProcessHandle.current().pid() + " size=" + m.clusterSize());
        m.awaitClose();
    }
}
