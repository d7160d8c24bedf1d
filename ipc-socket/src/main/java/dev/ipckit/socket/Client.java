package dev.ipckit.socket;

import dev.ipckit.Connection;
import dev.ipckit.IpcException;
import dev.ipckit.ProcessInfo;
import dev.ipckit.Queue;
import dev.ipckit.socket.python.PythonClient;
import dev.ipckit.socket.python.PythonConnection;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.peer.Peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Connects to a {@link Listener} — on this host or another — and proves the authkey: Python's
 * {@code multiprocessing.connection.Client}. Gives a {@link Connection} to the listening process and the
 * queues it shares by name. Closing the client closes the connection.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Client implements AutoCloseable {
    /** How long connecting, the handshake and the handover may take together. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Peers.Peer peer;

    private Client(Peers.Peer peer) {
        this.peer = peer;
    }

    /**
     * @param address the listener's address
     * @param authkey the listener's authkey
     * @return a connected client
     * @throws dev.ipckit.AuthenticationException if either side fails to prove the key
     * @throws IpcException if the listener cannot be reached
     */
    public static Client connect(InetSocketAddress address, byte[] authkey) {
        byte[] id = new byte[HandshakeDescriptor.CHILD_ID_LENGTH];
        new SecureRandom().nextBytes(id);
        Link link;
        try {
            link = PlainClient.connect(address.getHostString(), address.getPort(), authkey, id,
                    FrameDescriptor.defaultMaxFrameSize(), CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new IpcException("cannot connect, address=" + address + ", cause=" + e.getMessage(), e);
        }
        return new Client(Peers.connect(link, new ProcessInfo("listener@" + address, 0, false), CONNECT_TIMEOUT));
    }

    /**
     * Connects to a CPython {@code multiprocessing.connection.Listener(address, authkey=b'...')} with its
     * own protocol (both its authkey forms: CPython 3.12+ and the legacy HMAC-MD5 of 3.11 and before).
     *
     * @param address the Python listener's address
     * @param authkey its key
     * @return a bytes connection, authenticated both ways
     * @throws dev.ipckit.AuthenticationException if either side does not prove the key
     * @throws IpcException if the listener cannot be reached
     */
    public static PythonConnection python(InetSocketAddress address, byte[] authkey) {
        return PythonClient.connect(address, authkey,
                PythonConnection.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** @return the connection to the listening process */
    public Connection connection() {
        return peer.connection();
    }

    /**
     * @param <E> the item type
     * @param name a name the listener shared a queue under
     * @return the queue
     * @throws IllegalArgumentException if none is shared under that name, listing the names
     */
    public <E> Queue<E> queue(String name) {
        return peer.queue(name);
    }

    /** Closes the connection and the link. */
    @Override
    public void close() {
        peer.close();
    }
}
