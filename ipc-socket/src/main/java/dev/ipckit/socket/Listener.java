package dev.ipckit.socket;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcException;
import dev.ipckit.Queue;
import dev.ipckit.socket.python.PythonConnection;
import dev.ipckit.socket.python.PythonListener;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.peer.Peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lets unrelated JVMs — on this host or another — connect with the authkey: Python's
 * {@code multiprocessing.connection.Listener}, with a mutual HMAC-SHA256 handshake before any byte is
 * deserialized. Each client that proves the key gets a {@link Connection} to this process (returned here
 * by {@link #accept()}) and the queues this process {@linkplain #share shares} by name.
 *
 * <pre>{@code
 * try (Listener listener = Listener.open(ctx, new InetSocketAddress("0.0.0.0", 6000), authkey)) {
 *     listener.share("jobs", jobs);                     // a queue this process owns
 *     Connection c = listener.accept();                 // one per client
 * }
 * // on the other host:
 * try (Client client = Client.connect(new InetSocketAddress("host-a", 6000), authkey)) {
 *     Queue<Job> jobs = client.queue("jobs");
 * }
 * }</pre>
 *
 * <p>Binding anything but a loopback address exposes the port to the network: anyone who holds the key
 * is trusted with what is shared (and may send objects this JVM deserializes), so keep the key secret,
 * use an allow-listing serializer, and consider TLS ({@link SocketOptions}).
 *
 * <p><b>Thread-safe.</b>
 */
public final class Listener implements AutoCloseable {
    /** Length of a generated authkey. */
    public static final int AUTHKEY_LENGTH = 32;

    private final SocketServer server;
    private final byte[] authkey;
    private final Map<String, Queue<?>> shared = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Connection> accepted = new LinkedBlockingQueue<>();

    private Listener(IpcContext ctx, InetSocketAddress address, byte[] authkey) throws IOException {
        this.authkey = authkey.clone();
        SocketOptions defaults = SocketOptions.fromSystemProperties();
        SocketOptions options = new SocketOptions(address.getAddress(), defaults.handshakeTimeout(),
                defaults.childConnectTimeout(), defaults.tls());
        LinkOptions door = new LinkOptions("listener", ctx.maxFrameSize(), this.authkey);
        this.server = SocketServer.startListener(options, address.getPort(), door, link -> {
            try {
                accepted.add(Peers.accept(link, "client@" + link.remoteAddress(), ctx, shared).connection());
            } catch (RuntimeException e) {
                System.err.println("ipckit: could not serve a client, client=" + link.remoteAddress() + ", cause=" + e);
                link.close();
            }
        });
    }

    /**
     * @param ctx the context whose serializer the connections use
     * @param address where to listen; port 0 picks a free one ({@link #address()} tells which)
     * @param authkey the secret clients must prove, at least 16 bytes
     * @return the listener, listening
     * @throws IpcException if it cannot listen
     */
    public static Listener open(IpcContext ctx, InetSocketAddress address, byte[] authkey) {
        if (!HandshakeDescriptor.usableKey(authkey)) {
            throw new IllegalArgumentException("authkey too short, length=" + (authkey == null ? 0 : authkey.length)
                    + ", min=" + HandshakeDescriptor.MIN_AUTHKEY_LENGTH);
        }
        try {
            return new Listener(ctx, address, authkey);
        } catch (IOException e) {
            throw new IpcException("cannot listen, address=" + address + ", cause=" + e.getMessage(), e);
        }
    }

    /**
     * Listens for CPython processes speaking their own {@code multiprocessing.connection} protocol: a
     * Python {@code Client(address, authkey=b'...')} connects to it as to a Python {@code Listener}.
     * Messages are bytes ({@code send_bytes}/{@code recv_bytes}); no pickle is decoded here.
     *
     * @param address where to listen; port 0 picks a free one
     * @param authkey the key, as the Python side's {@code bytes}
     * @return the listener
     * @throws IpcException if it cannot listen
     */
    public static PythonListener python(InetSocketAddress address, byte[] authkey) {
        return PythonListener.bind(address, authkey,
                PythonConnection.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * Listens with a new random 32-byte authkey, to hand to clients by a channel you trust.
     *
     * @param ctx the context whose serializer the connections use
     * @param address where to listen
     * @return the listener
     */
    public static Listener open(IpcContext ctx, InetSocketAddress address) {
        byte[] key = new byte[AUTHKEY_LENGTH];
        new SecureRandom().nextBytes(key);
        return open(ctx, address, key);
    }

    /**
     * Offers a queue this process owns to clients under a name; clients that connect from now on get it.
     *
     * @param name the name clients ask for
     * @param queue the queue
     * @return this
     */
    public Listener share(String name, Queue<?> queue) {
        shared.put(name, queue);
        return this;
    }

    /**
     * Waits for the next client.
     *
     * @return this process's end of the connection to it
     */
    public Connection accept() {
        try {
            return accepted.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while accepting", e);
        }
    }

    /**
     * @param timeout the longest wait
     * @return the connection to the next client, or empty if none came in time
     */
    public Optional<Connection> accept(Duration timeout) {
        try {
            return Optional.ofNullable(accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while accepting", e);
        }
    }

    /** @return the address it listens on, with the real port */
    public InetSocketAddress address() {
        return server.localAddress();
    }

    /** @return the authkey clients must prove */
    public byte[] authkey() {
        return authkey.clone();
    }

    /** Stops listening; connections already accepted stay open until closed. */
    @Override
    public void close() {
        server.close();
    }
}
