package dev.ipckit.socket;

import dev.ipckit.spi.Link;
import dev.ipckit.spi.stream.FrameReader;
import dev.ipckit.spi.stream.StreamLink;

import dev.ipckit.AuthenticationException;
import dev.ipckit.WaitStrategy;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The child's side without Netty: a blocking JDK socket, the same handshake, then the stream link of
 * {@code ipc-api} (a reader thread and a batching writer) over it. A child has exactly one connection,
 * and Netty's start-up (about 1,400 classes, the native library, the allocator, the machine id) measured
 * 250–350 ms of a child's start here; this client loads a few dozen JDK classes. The default; Netty's
 * client ({@link SocketClient}) serves TLS and {@code -D}{@value #CLIENT_PROP}{@code =netty}.
 */
final class PlainClient {
    /** Property, read in the child: {@code plain} (default) or {@code netty}. */
    static final String CLIENT_PROP = "ipckit.socket.childClient";
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int BUFFER_SIZE = 64 * 1024;

    private PlainClient() {
    }

    /** @return whether children should use Netty's client, as {@value #CLIENT_PROP} says */
    static boolean nettyWanted() {
        return "netty".equals(System.getProperty(CLIENT_PROP));
    }

    /**
     * Connects with the default wait strategy.
     *
     * @param host the parent's address
     * @param port its port
     * @param authkey the parent's authkey
     * @param childId the id the parent expects
     * @param maxFrameSize the largest payload
     * @param handshakeTimeout how long the handshake may take
     * @return the authenticated link, not started
     * @throws IOException if it cannot connect or authenticate
     */
    static Link connect(String host, int port, byte[] authkey, byte[] childId, int maxFrameSize,
                        Duration handshakeTimeout) throws IOException {
        return connect(host, port, authkey, childId, maxFrameSize, handshakeTimeout, WaitStrategy.defaults());
    }

    /**
     * @param host the parent's address
     * @param port its port
     * @param authkey the parent's authkey
     * @param childId the id the parent expects
     * @param maxFrameSize the largest payload
     * @param handshakeTimeout how long the handshake may take
     * @param wait how the link waits for frames
     * @return the authenticated link, not started
     * @throws IOException if it cannot connect or authenticate
     */
    static Link connect(String host, int port, byte[] authkey, byte[] childId, int maxFrameSize,
                        Duration handshakeTimeout, WaitStrategy wait) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            s.setSoTimeout((int) Math.max(1, handshakeTimeout.toMillis()));
            InputStream in = new BufferedInputStream(s.getInputStream(), BUFFER_SIZE);
            OutputStream out = s.getOutputStream();
            byte[] challenge = new byte[HandshakeDescriptor.CHALLENGE_LENGTH];
            new SecureRandom().nextBytes(challenge);
            byte[] answer;
            try {
                answer = HandshakeDescriptor.answer(authkey, childId,
                        readFully(in, HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH), challenge);
            } catch (IllegalArgumentException e) {
                throw new AuthenticationException(e.getMessage());
            }
            out.write(answer);
            out.flush();
            byte[] proof;
            try {
                proof = readFully(in, HandshakeDescriptor.PROOF_MESSAGE_LENGTH);
            } catch (EOFException e) {
                throw new AuthenticationException(e.getMessage() + ", address=" + host + ":" + port, e);
            }
            if (!HandshakeDescriptor.sameProof(proof,
                    HandshakeDescriptor.proof(authkey, challenge, childId, HandshakeDescriptor.SERVER_ROLE))) {
                throw new AuthenticationException("the parent failed to prove the authkey, address=" + host + ":" + port);
            }
            s.setSoTimeout(0);
            return new StreamLink("socket-parent", in, new FrameReader(in, maxFrameSize, null), out, maxFrameSize,
                    wait);
        } catch (SocketTimeoutException e) {
            s.close();
            throw new IOException("no handshake with the parent in time, address=" + host + ":" + port, e);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("the parent closed the connection during the handshake"
                    + " (wrong authkey or unknown child?), received=" + b.length + " of " + n + " bytes");
        }
        return b;
    }
}
