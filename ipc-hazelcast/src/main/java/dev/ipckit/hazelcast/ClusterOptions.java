package dev.ipckit.hazelcast;

import dev.ipckit.Serializer;
import dev.ipckit.serial.Serializers;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * How to reach a cluster and how a member of it runs: immutable; each {@code with…} returns a copy. The
 * same options serve {@link HazelcastCluster#connect} (the process that submits work) and
 * {@link ClusterMember#start} (a process that offers its cores).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>applies to</th></tr>
 *   <tr><td>{@link #withMembers members}</td><td>{@value #DEFAULT_MEMBER}</td><td>both: the addresses tried to join</td></tr>
 *   <tr><td>{@link #withClusterName cluster name}</td><td>{@value #DEFAULT_CLUSTER_NAME}</td><td>both</td></tr>
 *   <tr><td>{@link #withSecret secret}</td><td>none: required</td><td>both: a member or client without it is refused</td></tr>
 *   <tr><td>{@link #withBindAddress bind address}</td><td>{@value #DEFAULT_BIND}: this host only</td><td>member</td></tr>
 *   <tr><td>{@link #withPort port}</td><td>{@value #DEFAULT_PORT}</td><td>member</td></tr>
 *   <tr><td>{@link #withWorkers workers}</td><td>the number of processors</td><td>member: tasks it runs at once</td></tr>
 *   <tr><td>{@link #withSerializer serializer}</td><td>Kryo</td><td>both, and alike on both</td></tr>
 *   <tr><td>{@link #withMemberTimeout member timeout}</td><td>10 s</td><td>member: silence after which a member is declared dead</td></tr>
 *   <tr><td>{@link #withJoinTimeout join timeout}</td><td>30 s</td><td>both: how long to try to reach the cluster</td></tr>
 * </table>
 *
 * <p>The secret never appears in {@link #toString()}. It is {@link Serializable} so that a test or a
 * launcher can hand the options to a member it starts with ipckit's process API (which passes them on
 * the child's stdin, never on its command line).
 */
public final class ClusterOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The member address tried when none is given. */
    public static final String DEFAULT_MEMBER = "127.0.0.1:5701";
    /** The cluster name used when none is given. */
    public static final String DEFAULT_CLUSTER_NAME = "ipckit";
    /** The interface a member binds when none is given: loopback, so nothing off this host can reach it. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** The port a member listens on when none is given (Hazelcast's). */
    public static final int DEFAULT_PORT = 5701;
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 16;

    private final List<String> members;
    private final String clusterName;
    private final byte[] secret;
    private final String bindAddress;
    private final int port;
    private final int workers;
    private final Serializer serializer;
    private final Duration memberTimeout;
    private final Duration joinTimeout;

    private ClusterOptions(List<String> members, String clusterName, byte[] secret, String bindAddress, int port,
                           int workers, Serializer serializer, Duration memberTimeout, Duration joinTimeout) {
        this.members = List.copyOf(members);
        this.clusterName = clusterName;
        this.secret = secret;
        this.bindAddress = bindAddress;
        this.port = port;
        this.workers = workers;
        this.serializer = serializer;
        this.memberTimeout = memberTimeout;
        this.joinTimeout = joinTimeout;
    }

    /** @return the defaults; a secret must still be given */
    public static ClusterOptions defaults() {
        return new ClusterOptions(List.of(DEFAULT_MEMBER), DEFAULT_CLUSTER_NAME, null, DEFAULT_BIND, DEFAULT_PORT,
                Runtime.getRuntime().availableProcessors(), Serializers.kryo(), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    /**
     * @param addresses {@code host:port} of members to join: any that are up will do
     * @return a copy with them
     * @throws IllegalArgumentException for an address without a port, or none at all
     */
    public ClusterOptions withMembers(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("at least one member address is needed");
        }
        addresses.forEach(ClusterOptions::parseAddress);
        return new ClusterOptions(addresses, clusterName, secret, bindAddress, port, workers, serializer,
                memberTimeout, joinTimeout);
    }

    /**
     * @param commaSeparated {@code host:port,host:port}, as on the command line
     * @return a copy with them
     */
    public ClusterOptions withMembers(String commaSeparated) {
        return withMembers(Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList());
    }

    /**
     * @param name the cluster's name: clusters with other names on the same addresses are kept apart
     * @return a copy with it
     */
    public ClusterOptions withClusterName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("cluster name must not be blank");
        }
        return new ClusterOptions(members, name, secret, bindAddress, port, workers, serializer, memberTimeout,
                joinTimeout);
    }

    /**
     * @param key the shared secret, at least {@value #MIN_SECRET_BYTES} bytes; copied
     * @return a copy with it
     */
    public ClusterOptions withSecret(byte[] key) {
        if (key == null || key.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("cluster secret too short, bytes=" + (key == null ? 0 : key.length)
                    + ", min=" + MIN_SECRET_BYTES);
        }
        return new ClusterOptions(members, clusterName, key.clone(), bindAddress, port, workers, serializer,
                memberTimeout, joinTimeout);
    }

    /**
     * Reads the secret from a file: hex if the file holds only hex digits (as the {@code worker} command's
     * key files do), else its bytes as they are. Never from the command line or the environment.
     *
     * @param file the file
     * @return a copy with its secret
     * @throws IOException if it cannot be read
     */
    public ClusterOptions withSecretFile(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        String text = new String(raw, StandardCharsets.US_ASCII).strip();
        boolean hex = !text.isEmpty() && text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        return withSecret(hex ? HexFormat.of().parseHex(text) : raw);
    }

    /**
     * @param address the interface a member listens on and advertises; {@code 127.0.0.1} keeps a cluster on
     *     this host, a LAN address lets other hosts join
     * @return a copy with it
     */
    public ClusterOptions withBindAddress(String address) {
        return new ClusterOptions(members, clusterName, secret, Objects.requireNonNull(address, "address"), port,
                workers, serializer, memberTimeout, joinTimeout);
    }

    /**
     * @param p the port a member listens on; exactly this one (no auto-increment)
     * @return a copy with it
     */
    public ClusterOptions withPort(int p) {
        if (p <= 0 || p > 65535) {
            throw new IllegalArgumentException("port out of range, port=" + p);
        }
        return new ClusterOptions(members, clusterName, secret, bindAddress, p, workers, serializer, memberTimeout,
                joinTimeout);
    }

    /**
     * @param n how many tasks a member runs at once (its executor's threads)
     * @return a copy with it
     */
    public ClusterOptions withWorkers(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("a member needs at least one worker, workers=" + n);
        }
        return new ClusterOptions(members, clusterName, secret, bindAddress, port, n, serializer, memberTimeout,
                joinTimeout);
    }

    /**
     * @param s encodes tasks, arguments, results and queue items; every process of the cluster must use an
     *     equal one (a member refuses work encoded with another); raw bytes cannot carry tasks
     * @return a copy with it
     */
    public ClusterOptions withSerializer(Serializer s) {
        if (Objects.requireNonNull(s, "serializer").id() == Serializer.RAW_ID) {
            throw new IllegalArgumentException("raw bytes cannot carry tasks; use kryo or java");
        }
        return new ClusterOptions(members, clusterName, secret, bindAddress, port, workers, s, memberTimeout,
                joinTimeout);
    }

    /**
     * @param timeout how long a member may go unheard before the others declare it dead (a killed process
     *     whose host is up is noticed sooner: its connections are refused)
     * @return a copy with it
     */
    public ClusterOptions withMemberTimeout(Duration timeout) {
        requirePositiveSeconds(timeout, "member timeout");
        return new ClusterOptions(members, clusterName, secret, bindAddress, port, workers, serializer, timeout,
                joinTimeout);
    }

    /**
     * @param timeout how long to try to reach the cluster before giving up
     * @return a copy with it
     */
    public ClusterOptions withJoinTimeout(Duration timeout) {
        requirePositiveSeconds(timeout, "join timeout");
        return new ClusterOptions(members, clusterName, secret, bindAddress, port, workers, serializer,
                memberTimeout, timeout);
    }

    private static void requirePositiveSeconds(Duration d, String what) {
        if (d == null || d.toSeconds() < 1) {
            throw new IllegalArgumentException(what + " must be at least 1 s, was " + d);
        }
    }

    /** @return the member addresses to join, {@code host:port} */
    public List<String> members() {
        return members;
    }

    /** @return the cluster name as given (the name on the wire is derived from it and the secret) */
    public String clusterName() {
        return clusterName;
    }

    /** @return whether a secret has been given */
    public boolean hasSecret() {
        return secret != null;
    }

    /** @return a copy of the secret */
    byte[] secret() {
        if (secret == null) {
            throw new IllegalStateException("no cluster secret given: withSecret(...) or withSecretFile(...)");
        }
        return secret.clone();
    }

    /** @return the interface a member binds */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return the port a member listens on */
    public int port() {
        return port;
    }

    /** @return how many tasks a member runs at once */
    public int workers() {
        return workers;
    }

    /** @return the serializer */
    public Serializer serializer() {
        return serializer;
    }

    /** @return the silence after which a member is declared dead */
    public Duration memberTimeout() {
        return memberTimeout;
    }

    /** @return how long to try to reach the cluster */
    public Duration joinTimeout() {
        return joinTimeout;
    }

    /**
     * @param address {@code host:port}
     * @return it, unresolved
     * @throws IllegalArgumentException if it is not {@code host:port}
     */
    static InetSocketAddress parseAddress(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("member address wants host:port, address=" + address);
        }
        try {
            int p = Integer.parseInt(address.substring(colon + 1));
            if (p <= 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(address.substring(0, colon), p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("member address has a bad port, address=" + address, e);
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("members=" + members);
        parts.add("clusterName=" + clusterName);
        parts.add("secret=" + (secret == null ? "none" : "<" + secret.length + " bytes>"));
        parts.add("bind=" + bindAddress + ":" + port);
        parts.add("workers=" + workers);
        parts.add("serializer=" + serializer.name());
        parts.add("memberTimeout=" + memberTimeout);
        parts.add("joinTimeout=" + joinTimeout);
        return "ClusterOptions" + parts;
    }
}
