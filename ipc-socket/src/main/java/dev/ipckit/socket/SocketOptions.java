package dev.ipckit.socket;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The options of the socket transport: each a system property beside its default. A parent reads them
 * when its server starts (on the first child), so set them before.
 *
 * @param bindAddress the address the parent's server listens on
 * @param handshakeTimeout how long a connection may take to authenticate
 * @param childConnectTimeout how long the parent waits for a child to connect
 * @param tls the TLS settings, or null for plain TCP
 */
public record SocketOptions(InetAddress bindAddress, Duration handshakeTimeout, Duration childConnectTimeout,
                            TlsSettings tls) {

    /**
     * Property: the address the parent listens on. Only loopback by default; set it (say to
     * {@code 0.0.0.0}) only for children on other hosts, and then consider TLS.
     */
    public static final String BIND_PROP = "ipckit.socket.bind";
    /** Default bind address: the IPv4 loopback, reachable from this machine only. */
    public static final String BIND_DEFAULT = "127.0.0.1";

    /** Property: milliseconds a connection has to complete the authkey handshake (TLS included). */
    public static final String HANDSHAKE_TIMEOUT_PROP = "ipckit.socket.handshakeTimeoutMillis";
    /** Default handshake timeout: 5 s, far above a loopback handshake (under 10 ms). */
    public static final long HANDSHAKE_TIMEOUT_DEFAULT = 5_000;

    /** Property: milliseconds the parent waits for a started child to connect back. */
    public static final String CHILD_CONNECT_TIMEOUT_PROP = "ipckit.socket.childConnectTimeoutMillis";
    /** Default child connect timeout: 30 s, for a child JVM on a loaded machine. */
    public static final long CHILD_CONNECT_TIMEOUT_DEFAULT = 30_000;

    /**
     * Property: whether to use Netty's native epoll transport where it is available (else NIO).
     */
    public static final String NATIVE_PROP = "ipckit.socket.native";
    /** Default: native epoll on Linux. */
    public static final boolean NATIVE_DEFAULT = true;

    /** @return the options the system properties set */
    public static SocketOptions fromSystemProperties() {
        String bind = System.getProperty(BIND_PROP, BIND_DEFAULT);
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad bind address, " + BIND_PROP + "=" + bind, e);
        }
        return new SocketOptions(address,
                Duration.ofMillis(Long.getLong(HANDSHAKE_TIMEOUT_PROP, HANDSHAKE_TIMEOUT_DEFAULT)),
                Duration.ofMillis(Long.getLong(CHILD_CONNECT_TIMEOUT_PROP, CHILD_CONNECT_TIMEOUT_DEFAULT)),
                TlsSettings.fromSystemProperties());
    }

    /** @return whether native epoll is allowed by {@value #NATIVE_PROP} */
    static boolean nativeAllowed() {
        String v = System.getProperty(NATIVE_PROP);
        return v == null ? NATIVE_DEFAULT : Boolean.parseBoolean(v);
    }

    /** @return the handshake timeout {@value #HANDSHAKE_TIMEOUT_PROP} sets, for the child side */
    static Duration handshakeTimeoutFromSystemProperties() {
        return Duration.ofMillis(Long.getLong(HANDSHAKE_TIMEOUT_PROP, HANDSHAKE_TIMEOUT_DEFAULT));
    }
}
