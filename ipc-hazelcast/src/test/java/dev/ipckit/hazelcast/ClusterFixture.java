package dev.ipckit.hazelcast;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Queue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real cluster members for tests: separate JVMs started with ipckit's own process API (pipe transport),
 * on free loopback ports chosen at run time, in a cluster whose name and secret are unique to this
 * fixture, so builds running side by side never meet. {@link #close()} kills every member it started,
 * by handle, and waits for each to end.
 */
final class ClusterFixture implements AutoCloseable {
    /** Member JVMs: Hazelcast's openings, and small heaps so that several fit beside the build. */
    static final String[] MEMBER_JVM_OPTIONS = java.util.stream.Stream.concat(ClusterMember.JVM_OPTIONS.stream(),
            java.util.stream.Stream.of("-Xmx256m", "-XX:+UseSerialGC")).toArray(String[]::new);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** A member JVM this fixture started. */
    record Member(IpcProcess process, int port, long pid) {
    }

    private final IpcContext ctx = Ipc.context("pipe");
    private final List<Integer> ports = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final List<IpcProcess> started = new ArrayList<>();
    private final ClusterOptions options;

    /**
     * @param size how many member ports to reserve (the member list every member and client is given)
     * @param workers tasks each member runs at once
     */
    ClusterFixture(int size, int workers) {
        for (int i = 0; i < size; i++) {
            ports.add(freePort());
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        options = ClusterOptions.defaults()
                .withClusterName("ipckit-test-" + UUID.randomUUID())
                .withSecret(secret)
                .withMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList())
                .withWorkers(workers)
                .withMemberTimeout(Duration.ofSeconds(5))
                .withJoinTimeout(Duration.ofSeconds(30));
    }

    ClusterOptions options() {
        return options;
    }

    int port(int i) {
        return ports.get(i);
    }

    /** Starts members on the first {@code n} ports, in parallel, and waits until each is up. */
    List<Member> start(int n) {
        List<Member> out = new ArrayList<>();
        List<Object[]> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int port = ports.get(i);
            Queue<String> report = ctx.queue();
            IpcProcess p = launch(options.withPort(port), true, report);
            pending.add(new Object[] {p, report, port});
        }
        for (Object[] x : pending) {
            IpcProcess p = (IpcProcess) x[0];
            @SuppressWarnings("unchecked")
            Queue<String> report = (Queue<String>) x[1];
            String line = report.poll(START_TIMEOUT);
            if (line == null || !line.startsWith("up ")) {
                throw new IllegalStateException("member did not start, port=" + x[2] + ", report=" + line
                        + ", stderr=" + p.stderrTail());
            }
            Member m = new Member(p, (int) x[2], p.pid());
            members.add(m);
            out.add(m);
        }
        return out;
    }

    /**
     * Starts one member JVM with the given options and returns its first report line.
     *
     * @param o its options (port, secret…)
     * @param checked whether the secret probe runs first
     * @return what it reported: {@code up <pid> size=<n>} or {@code error <class>: <message>}
     */
    String startOne(ClusterOptions o, boolean checked) {
        Queue<String> report = ctx.queue();
        IpcProcess p = launch(o, checked, report);
        String line = report.poll(START_TIMEOUT);
        members.add(new Member(p, o.port(), p.pid()));
        return line;
    }

    private IpcProcess launch(ClusterOptions o, boolean checked, Queue<String> report) {
        IpcProcess p = ctx.process(new MemberTask(o, checked, report)).name("member-" + o.port()).daemon(true)
                .jvmOptions(MEMBER_JVM_OPTIONS);
        started.add(p);
        return p.start();
    }

    /** Kills a member with SIGKILL, as a crash would, and waits for it to end. */
    static void kill(Member m) {
        m.process().kill();
        m.process().join(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        for (IpcProcess p : started) {
            if (p.isAlive()) {
                p.kill();
            }
        }
        for (IpcProcess p : started) {
            p.join(Duration.ofSeconds(10));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
