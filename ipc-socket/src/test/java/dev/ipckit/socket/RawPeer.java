package dev.ipckit.socket;

import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/** A hand-driven TCP peer for the tests: it says exactly the bytes a test wants, right or wrong. */
final class RawPeer implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawPeer(SocketServer server) throws IOException {
        this(server.connectHost(), server.port());
    }

    RawPeer(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** @return the server's 36-byte CHALLENGE */
    byte[] readChallenge() throws IOException {
        byte[] c = in.readNBytes(HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH);
        if (c.length != HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH) {
            throw new IOException("no challenge, got " + c.length + " bytes");
        }
        return c;
    }

    /** Runs the whole client handshake with this key and id; returns whether the server proved itself. */
    boolean handshake(byte[] key, String childIdHex) throws IOException {
        byte[] id = HexFormat.of().parseHex(childIdHex);
        byte[] mine = new byte[HandshakeDescriptor.CHALLENGE_LENGTH];
        mine[0] = 42;
        out.write(HandshakeDescriptor.answer(key, id, readChallenge(), mine));
        out.flush();
        byte[] proof = in.readNBytes(HandshakeDescriptor.PROOF_LENGTH);
        return proof.length == HandshakeDescriptor.PROOF_LENGTH && HandshakeDescriptor.sameProof(proof,
                HandshakeDescriptor.proof(key, mine, id, HandshakeDescriptor.SERVER_ROLE));
    }

    /**
     * Waits for the server to close the connection.
     *
     * @return milliseconds until it did, or -1 if it sent data or did not close within the socket timeout
     */
    long awaitClosedMillis() throws IOException {
        long t0 = System.nanoTime();
        try {
            while (true) {
                int r = in.read();
                if (r < 0) {
                    return (System.nanoTime() - t0) / 1_000_000;
                }
            }
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return (System.nanoTime() - t0) / 1_000_000; // reset: closed too
        }
    }

    static byte[] header(FrameKind kind, int channel, int length) {
        byte[] h = new byte[FrameDescriptor.HEADER_LENGTH];
        FrameDescriptor.writeHeader(h, 0, kind, (byte) 0, channel, length);
        return h;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
