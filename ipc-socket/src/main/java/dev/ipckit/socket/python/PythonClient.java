package dev.ipckit.socket.python;

import dev.ipckit.AuthenticationException;
import dev.ipckit.IpcException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/**
 * Connects to a CPython {@code multiprocessing.connection.Listener(address, authkey=...)}: Python's
 * {@code Client}, on the JVM. Made by {@link dev.ipckit.socket.Client#python}.
 */
public final class PythonClient {
    /** How long connecting and the handshake may take together. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private PythonClient() {
    }

    /**
     * @param address the Python listener's address
     * @param authkey its authkey
     * @param maxMessageBytes the largest message {@link PythonConnection#recvBytes()} accepts
     * @return the connection, authenticated both ways
     * @throws AuthenticationException if either side does not prove the key (before any message)
     * @throws IpcException if the listener cannot be reached
     */
    public static PythonConnection connect(InetSocketAddress address, byte[] authkey, int maxMessageBytes) {
        Objects.requireNonNull(authkey, "authkey");
        Socket s = new Socket();
        PythonConnection c = null;
        try {
            s.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            c = new PythonConnection(s, maxMessageBytes);
            PythonAuth.asClient(c, authkey, CONNECT_TIMEOUT);
            return c;
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.close();
            } else {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closed anyway
                }
            }
            if (e instanceof AuthenticationException a) {
                throw a;
            }
            if (e instanceof IOException) {
                throw new IpcException("cannot connect, address=" + address + ", cause=" + e.getMessage(), e);
            }
            throw (RuntimeException) e;
        }
    }
}
