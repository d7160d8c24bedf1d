package dev.ipckit.socket;

import dev.ipckit.IpcTimeoutException;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parent's listening socket: where its children connect back. One per parent JVM
 * ({@link #acquireShared}), started on the first child and closed when no child needs it any more; its
 * event-loop threads are daemons, so it never keeps the JVM alive.
 *
 * <p>Each child is expected ({@link #expect}) under a random 16-byte id before it starts; a connection
 * becomes that child's link only after it proves the authkey (see {@link HandshakeDescriptor}). Work per
 * connection before that is bounded: one challenge, at most one 84-byte answer, one HMAC, a timeout.
 * At most {@link #MAX_HANDSHAKING} connections may be mid-handshake; a new one beyond that evicts the
 * oldest, so a flood of silent peers cannot lock genuine children out (they finish in milliseconds).
 *
 * <p><b>Thread-safe.</b>
 */
final class SocketServer implements AutoCloseable {
    /** Connections allowed mid-handshake at once; beyond it the oldest is closed. */
    static final int MAX_HANDSHAKING = 256;
    /** Outbound bytes buffered in Netty above which a channel reports itself unwritable. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static SocketServer shared;

    private final SocketOptions options;
    private final boolean closeWhenUnused;
    /** For a listener: any client that proves this key is let in (its id is its own). Null for children. */
    private final LinkOptions openDoor;
    private final java.util.function.Consumer<SocketLink> onClient;
    private final String threadPrefix = "ipckit-socket-server" + SERIAL.incrementAndGet();
    private final EventLoopGroup group;
    private final Channel listener;
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Channel> handshaking = new ConcurrentLinkedDeque<>();
    private final RejectLog rejectLog = new RejectLog();
    private int users;
    private boolean closed;
    /** The plain-TCP door for children, made on first use; null until then, and always with TLS. */
    private PlainAcceptor plain;

    private SocketServer(SocketOptions options, boolean closeWhenUnused) throws IOException {
        this(options, closeWhenUnused, 0, null, null);
    }

    private SocketServer(SocketOptions options, boolean closeWhenUnused, int port, LinkOptions openDoor,
                         java.util.function.Consumer<SocketLink> onClient) throws IOException {
        this.options = options;
        this.closeWhenUnused = closeWhenUnused;
        this.openDoor = openDoor;
        this.onClient = onClient;
        SslContext tls = options.tls() == null ? null : options.tls().serverContext();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.group = EventLoops.group(threads, threadPrefix);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EventLoops.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("ipckit-tls", tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("ipckit-flush", new FlushConsolidationHandler());
                        ch.pipeline().addLast("ipckit-handshake", new ServerHandshake(SocketServer.this));
                    }
                });
        try {
            listener = b.bind(options.bindAddress(), port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen, address=" + options.bindAddress() + ", cause=" + e.getMessage(), e);
        }
    }

    /**
     * Starts a server that lives until {@link #close}d.
     *
     * @param options its options
     * @return the server
     * @throws IOException if it cannot listen
     */
    static SocketServer start(SocketOptions options) throws IOException {
        return new SocketServer(options, false);
    }

    /**
     * Starts a listener's server: any client that proves {@code door}'s authkey is handed to
     * {@code onClient}, under the id it chose; no child is expected.
     *
     * @param options bind address and timeouts
     * @param port the port, 0 for any
     * @param door the key and frame limit clients must meet
     * @param onClient receives each authenticated client's link, on an event-loop thread
     * @return the server
     * @throws IOException if it cannot listen
     */
    static SocketServer startListener(SocketOptions options, int port, LinkOptions door,
                                      java.util.function.Consumer<SocketLink> onClient) throws IOException {
        return new SocketServer(options, false, port, door, onClient);
    }

    /** @return the address it listens on */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) listener.localAddress();
    }

    /**
     * @return this JVM's server, started if needed (with the options the system properties set), with one
     *     use taken for the caller, to give back with {@link #release} or hand to {@link #expect}
     * @throws IOException if it cannot listen
     */
    static synchronized SocketServer acquireShared() throws IOException {
        if (shared == null || !shared.retain()) {
            shared = new SocketServer(SocketOptions.fromSystemProperties(), true);
            shared.retain();
        }
        return shared;
    }

    private synchronized boolean retain() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    /** Gives back one use; the shared server closes with its last. */
    synchronized void release() {
        if (--users == 0 && closeWhenUnused) {
            close();
        }
    }

    /** @return the options it was started with */
    SocketOptions options() {
        return options;
    }

    /** @return the address children connect to: the bound one, or loopback if bound to every address */
    String connectHost() {
        InetAddress a = ((InetSocketAddress) listener.localAddress()).getAddress();
        return a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : a.getHostAddress();
    }

    /** @return the listening port */
    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * @return the port of this server's plain-TCP door for children ({@link PlainAcceptor}), opened on
     *     first use
     * @throws IOException if it cannot listen
     * @throws IllegalStateException if the server uses TLS (children then connect through Netty)
     */
    synchronized int plainPort() throws IOException {
        if (options.tls() != null) {
            throw new IllegalStateException("no plain door on a TLS server");
        }
        if (closed) {
            throw new IOException("socket server closed");
        }
        if (plain == null) {
            plain = PlainAcceptor.start(this);
        }
        return plain.port();
    }

    /**
     * Expects one child, taking over one use of the server (given back when the child's link closes or
     * the child never comes).
     *
     * @param link the child's link options; its authkey is what the child must prove
     * @return the expectation, whose future completes with the link
     * @throws IOException if the authkey is unusable
     */
    /**
     * The child ended: if it never connected, stop waiting for it now rather than at the timeout.
     *
     * @param e what the server waits for
     */
    void cancel(Expected e) {
        if (expected.remove(e.key(), e)) {
            e.timeout.cancel(false);
            e.link.completeExceptionally(new dev.ipckit.PeerClosedException("child ended before it connected, process="
                    + e.options.name()));
            release();
        }
    }

    Expected expect(LinkOptions link) throws IOException {
        if (!HandshakeDescriptor.usableKey(link.authkey())) {
            throw new IOException("the socket transport needs an authkey of at least "
                    + HandshakeDescriptor.MIN_AUTHKEY_LENGTH + " bytes, process=" + link.name());
        }
        byte[] id = new byte[HandshakeDescriptor.CHILD_ID_LENGTH];
        RANDOM.nextBytes(id);
        Expected e = new Expected(id, link);
        long millis = options.childConnectTimeout().toMillis();
        e.timeout = group.schedule(() -> {
            if (expected.remove(e.key(), e)) {
                e.link.completeExceptionally(new IpcTimeoutException("child did not connect, process="
                        + link.name() + ", timeoutMillis=" + millis));
                release();
            }
        }, millis, TimeUnit.MILLISECONDS);
        expected.put(e.key(), e);
        return e;
    }

    /**
     * Checks a client's ANSWER against the challenge it was sent.
     *
     * @param answer the 84 bytes of the answer
     * @param challenge the server's challenge
     * @return the child it proved to be, now no longer expected
     * @throws Rejected if it proved nothing
     */
    Accepted authenticate(byte[] answer, byte[] challenge) throws Rejected {
        if (!HandshakeDescriptor.hasMagic(answer, 0)) {
            throw new Rejected("not an ipckit handshake (bad magic)");
        }
        byte[] id = Arrays.copyOfRange(answer, HandshakeDescriptor.ANSWER_CHILD_ID_OFFSET,
                HandshakeDescriptor.ANSWER_PROOF_OFFSET);
        Expected e = expected.get(HEX.formatHex(id));
        if (e == null && openDoor != null) {
            e = new Expected(id, openDoor);
        } else if (e == null) {
            throw new Rejected("unknown child id");
        }
        byte[] proof = Arrays.copyOfRange(answer, HandshakeDescriptor.ANSWER_PROOF_OFFSET,
                HandshakeDescriptor.ANSWER_CHALLENGE_OFFSET);
        byte[] key = e.options.authkey();
        if (!HandshakeDescriptor.sameProof(proof,
                HandshakeDescriptor.proof(key, challenge, id, HandshakeDescriptor.CLIENT_ROLE))) {
            throw new Rejected("wrong authkey proof, process=" + e.options.name());
        }
        if (e.options != openDoor) {
            if (!expected.remove(e.key(), e)) {
                throw new Rejected("child already connected, process=" + e.options.name());
            }
            e.timeout.cancel(false);
        }
        byte[] clientChallenge = Arrays.copyOfRange(answer, HandshakeDescriptor.ANSWER_CHALLENGE_OFFSET,
                HandshakeDescriptor.ANSWER_MESSAGE_LENGTH);
        return new Accepted(e, HandshakeDescriptor.proof(key, clientChallenge, id, HandshakeDescriptor.SERVER_ROLE));
    }

    /**
     * A child has authenticated and has its link.
     *
     * @param accepted who
     * @param link its link
     */
    void connected(Accepted accepted, SocketLink link) {
        if (accepted.expected().options == openDoor) {
            onClient.accept(link);
            return;
        }
        link.channel().closeFuture().addListener(f -> release());
        accepted.expected().link.complete(link);
    }

    /**
     * A child has authenticated at the plain door and has its link; the link gives back its use of the
     * server when it closes.
     *
     * @param accepted who
     * @param link its link
     * @throws Rejected if it is a listener's client (those come through Netty only)
     */
    void connectedPlain(Accepted accepted, Link link) throws Rejected {
        if (accepted.expected().options == openDoor) {
            throw new Rejected("not an expected child");
        }
        accepted.expected().link.complete(link);
    }

    void rejected(SocketAddress remote, String reason) {
        rejectLog.rejected(remote, reason);
    }

    void handshakeStarted(Channel ch) {
        handshaking.addLast(ch);
        if (handshaking.size() > MAX_HANDSHAKING) {
            Channel oldest = handshaking.pollFirst();
            if (oldest != null) {
                oldest.close();
            }
        }
    }

    void handshakeEnded(Channel ch) {
        handshaking.remove(ch);
    }

    /** Stops listening and ends the event loops; the links still open are closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (plain != null) {
                plain.close();
            }
        }
        listener.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** @return the name prefix of this server's event-loop threads */
    String threadPrefix() {
        return threadPrefix + "-";
    }

    /** @return a future that completes when the event loops have ended */
    io.netty.util.concurrent.Future<?> terminationFuture() {
        return group.terminationFuture();
    }

    /** A child the server waits for. */
    static final class Expected {
        private final byte[] id;
        private final LinkOptions options;
        private final CompletableFuture<Link> link = new CompletableFuture<>();
        private volatile ScheduledFuture<?> timeout;

        private Expected(byte[] id, LinkOptions options) {
            this.id = id;
            this.options = options;
        }

        String key() {
            return HEX.formatHex(id);
        }

        /** @return the child id, for its bootstrap */
        String idHex() {
            return key();
        }

        /** @return completes with the link once the child has authenticated */
        CompletableFuture<Link> link() {
            return link;
        }
    }

    /**
     * A child that proved the authkey.
     *
     * @param expected the expectation it met
     * @param serverProof what the server sends back to prove itself
     */
    record Accepted(Expected expected, byte[] serverProof) {
        int maxFrameSize() {
            return expected.options.maxFrameSize();
        }

        String description() {
            return "socket-" + expected.options.name();
        }

        LinkOptions options() {
            return expected.options;
        }
    }

    /** A handshake that proved nothing; the message says why, without secrets. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
