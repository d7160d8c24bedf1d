package dev.ipckit.socket.python;

import dev.ipckit.AuthenticationException;
import dev.ipckit.IpcException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A listening socket that CPython processes connect to with their own
 * {@code multiprocessing.connection.Client(address, authkey=...)}: Python's {@code Listener}, on the JVM.
 * Each accepted connection has proved the authkey both ways before {@link #accept} returns it; messages
 * are bytes ({@link PythonConnection}). Made by {@link dev.ipckit.socket.Listener#python}.
 *
 * <p><b>Thread-safe.</b>
 */
public final class PythonListener implements AutoCloseable {
    /** How long a connecting peer may take over the handshake. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final ServerSocket server;
    private final byte[] authkey;
    private final int maxMessageBytes;

    private PythonListener(ServerSocket server, byte[] authkey, int maxMessageBytes) {
        this.server = server;
        this.authkey = authkey;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * @param address where to listen (port 0 for any free port)
     * @param authkey the key both sides must hold, as {@code bytes} in Python
     * @param maxMessageBytes the largest message {@link PythonConnection#recvBytes()} accepts
     * @return a listener
     * @throws IpcException if the address cannot be bound
     */
    public static PythonListener bind(InetSocketAddress address, byte[] authkey, int maxMessageBytes) {
        Objects.requireNonNull(authkey, "authkey");
        if (authkey.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty");
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(address);
            return new PythonListener(s, authkey.clone(), maxMessageBytes);
        } catch (IOException e) {
            throw new IpcException("cannot listen, address=" + address + ", cause=" + e.getMessage(), e);
        }
    }

    /** @return the address it listens on (with the port chosen, if 0 was asked) */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /**
     * Waits for a peer and runs the handshake: Python's {@code Listener.accept()}.
     *
     * @return the connection, authenticated both ways
     * @throws AuthenticationException if that peer did not prove the key (it was sent {@code #FAILURE#}
     *     and closed before any message; the listener goes on)
     * @throws IpcException if the listener is closed
     */
    public PythonConnection accept() {
        return accept(Duration.ZERO).orElseThrow();
    }

    /**
     * @param timeout the longest wait for a peer to connect; zero waits as long as it takes
     * @return the connection, or empty if none came in time
     * @throws AuthenticationException if the peer that came did not prove the key
     */
    public Optional<PythonConnection> accept(Duration timeout) {
        Socket s;
        try {
            server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            s = server.accept();
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IpcException("cannot accept, address=" + address() + ", cause=" + e.getMessage(), e);
        }
        PythonConnection c = null;
        try {
            c = new PythonConnection(s, maxMessageBytes);
            PythonAuth.asServer(c, authkey, HANDSHAKE_TIMEOUT);
            return Optional.of(c);
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            } else {
                closeQuietly(s);
            }
            if (e instanceof AuthenticationException a) {
                throw a;
            }
            throw new AuthenticationException("handshake with " + s.getRemoteSocketAddress() + " failed, cause=" + e, e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    /** Stops listening; connections already accepted stay open. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }
}
