package dev.ipckit.hazelcast;

import com.hazelcast.cluster.Member;

import java.io.Serializable;
import java.util.UUID;

/**
 * A member of the cluster that runs pool tasks, as ipckit knows it.
 *
 * @param uuid Hazelcast's id of the member
 * @param address its {@code host:port}
 * @param host the name of its host
 * @param pid its JVM's pid on that host
 * @param workers the tasks it runs at once
 */
public record MemberInfo(UUID uuid, String address, String host, long pid, int workers) implements Serializable {

    /** @return whether a Hazelcast member offers pool workers (started by ipckit, not a lite member) */
    static boolean isWorker(Member m) {
        return !m.isLiteMember() && m.getAttribute(HzConfigs.ATTR_WORKERS) != null;
    }

    static MemberInfo of(Member m) {
        String workers = m.getAttribute(HzConfigs.ATTR_WORKERS);
        String pid = m.getAttribute(HzConfigs.ATTR_PID);
        String host = m.getAttribute(HzConfigs.ATTR_HOST);
        return new MemberInfo(m.getUuid(), m.getAddress().getHost() + ":" + m.getAddress().getPort(),
                host == null ? m.getAddress().getHost() : host, pid == null ? -1 : Long.parseLong(pid),
                workers == null ? 0 : Integer.parseInt(workers));
    }

    @Override
    public String toString() {
        return address + " (pid " + pid + " on " + host + ")";
    }
}
