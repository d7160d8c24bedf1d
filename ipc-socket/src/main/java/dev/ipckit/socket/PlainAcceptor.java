package dev.ipckit.socket;

import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.stream.FrameReader;
import dev.ipckit.spi.stream.StreamLink;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parent's door for its own children over plain TCP, beside the Netty server: blocking sockets, so the
 * parent's side of each child's link is a {@link StreamLink} whose waiting threads read the socket
 * themselves (no event-loop thread between the socket and the caller, which on 2 cores costs more than the
 * whole round trip). Same handshake as {@link ServerHandshake} (children connect with {@link PlainClient});
 * the expected children, their authkeys and their timeouts are the {@link SocketServer}'s. TLS and a
 * {@link Listener}'s clients stay on Netty.
 *
 * <p>One daemon thread accepts; each handshake runs on its own short-lived daemon thread, bounded by the
 * handshake timeout and by {@value SocketServer#MAX_HANDSHAKING} at once (more are closed at once).
 *
 * <p><b>Thread-safe.</b>
 */
final class PlainAcceptor implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BUFFER_SIZE = 64 * 1024;

    private final SocketServer server;
    private final ServerSocket socket;
    private final Semaphore handshakes = new Semaphore(SocketServer.MAX_HANDSHAKING);

    private PlainAcceptor(SocketServer server, ServerSocket socket) {
        this.server = server;
        this.socket = socket;
    }

    /**
     * @param server whose expected children this door lets in
     * @return the acceptor, listening on the server's bind address, any port
     * @throws IOException if it cannot listen
     */
    static PlainAcceptor start(SocketServer server) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(server.options().bindAddress(), 0), SocketServer.MAX_HANDSHAKING);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen, address=" + server.options().bindAddress() + ", cause="
                    + e.getMessage(), e);
        }
        PlainAcceptor a = new PlainAcceptor(server, s);
        Thread t = new Thread(a::acceptLoop, server.threadPrefix() + "plain-accept");
        t.setDaemon(true);
        t.start();
        return a;
    }

    /** @return the port children connect to */
    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!handshakes.tryAcquire()) {
                server.rejected(s.getRemoteSocketAddress(), "too many connections mid-handshake, max="
                        + SocketServer.MAX_HANDSHAKING);
                closeQuietly(s);
                continue;
            }
            Thread t = new Thread(() -> {
                try {
                    handshake(s);
                } finally {
                    handshakes.release();
                }
            }, server.threadPrefix() + "plain-handshake");
            t.setDaemon(true);
            t.start();
        }
    }

    private void handshake(Socket s) {
        String reason;
        try {
            s.setTcpNoDelay(true);
            long deadline = System.nanoTime() + server.options().handshakeTimeout().toNanos();
            InputStream in = new BufferedInputStream(s.getInputStream(), BUFFER_SIZE);
            OutputStream out = halfClosing(s);
            byte[] challenge = new byte[HandshakeDescriptor.CHALLENGE_LENGTH];
            RANDOM.nextBytes(challenge);
            out.write(HandshakeDescriptor.MAGIC);
            out.write(challenge);
            out.flush();
            byte[] answer = new byte[HandshakeDescriptor.ANSWER_MESSAGE_LENGTH];
            int got = readBefore(s, in, answer, deadline);
            if (got >= HandshakeDescriptor.MAGIC.length && !HandshakeDescriptor.hasMagic(answer, 0)) {
                reject(s, "not an ipckit handshake (bad magic), received=" + got + " bytes");
                return;
            }
            if (got < answer.length) {
                reject(s, "peer closed the connection during the handshake, received=" + got + " bytes");
                return;
            }
            SocketServer.Accepted accepted = server.authenticate(answer, challenge);
            out.write(accepted.serverProof());
            out.flush();
            s.setSoTimeout(0);
            LinkOptions o = accepted.options();
            AtomicBoolean released = new AtomicBoolean();
            StreamLink link = new StreamLink(accepted.description(), in, new FrameReader(in, o.maxFrameSize(), null),
                    out, o.maxFrameSize(), o.waitStrategy()) {
                @Override
                public void close() {
                    super.close();
                    closeQuietly(s);
                    if (released.compareAndSet(false, true)) {
                        server.release();
                    }
                }
            };
            server.connectedPlain(accepted, link);
            return;
        } catch (SocketServer.Rejected e) {
            reason = e.getMessage();
        } catch (SocketTimeoutException e) {
            reason = "handshake timed out, timeoutMillis=" + server.options().handshakeTimeout().toMillis()
                    + ", " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            reason = "error during the handshake, cause=" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        reject(s, reason);
    }

    /**
     * Reads until {@code into} is full, the peer closes, or the deadline passes (a whole-handshake
     * deadline: a peer sending a byte at a time cannot stretch it).
     *
     * @return the bytes read
     * @throws SocketTimeoutException at the deadline
     */
    private static int readBefore(Socket s, InputStream in, byte[] into, long deadline) throws IOException {
        int n = 0;
        while (n < into.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("received=" + n + " bytes");
            }
            s.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int r;
            try {
                r = in.read(into, n, into.length - n);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("received=" + n + " bytes");
            }
            if (r < 0) {
                return n;
            }
            n += r;
            if (n >= HandshakeDescriptor.MAGIC.length && !HandshakeDescriptor.hasMagic(into, 0)) {
                return n; // not ours: refused at once
            }
        }
        return n;
    }

    /**
     * @return the socket's output, whose {@code close()} ends only the sending direction (a FIN), so that
     *     {@code shutdownOutput()} of the link lets the child's last frames still arrive
     */
    private static OutputStream halfClosing(Socket s) throws IOException {
        return new FilterOutputStream(s.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (!s.isClosed() && !s.isOutputShutdown()) {
                    s.shutdownOutput();
                }
            }
        };
    }

    private void reject(Socket s, String reason) {
        server.rejected(s.getRemoteSocketAddress(), reason);
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Stops accepting; links already made stay open. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
