package dev.ipckit.socket.python;

import dev.ipckit.FrameException;
import dev.ipckit.IpcException;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PeerClosedException;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection to a CPython process over its own {@code multiprocessing.connection} wire: what
 * {@code Connection.send_bytes} and {@code recv_bytes} exchange on a socket. Each message is a
 * big-endian signed 32-bit length and the bytes; a message over 2 GiB − 1 has the length −1 and then an
 * unsigned 64-bit length, as CPython writes it. Messages stay bytes: nothing here decodes a pickle, which
 * would let the peer run code in this JVM. Made by {@link PythonListener#accept} and {@link PythonClient}.
 *
 * <p><b>Thread-safe</b>: one sender and one receiver at a time each; as in Python, two threads receiving
 * compete for messages.
 */
public final class PythonConnection implements AutoCloseable {
    /** The largest message {@link #recvBytes()} accepts by default: 512 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 512 << 20;

    private final Socket socket;
    private final PushbackInputStream rawIn;
    private final DataInputStream in;
    private final OutputStream out;
    private final int maxMessageBytes;
    private final Object sending = new Object();
    private final Object receiving = new Object();
    private volatile boolean closed;

    PythonConnection(Socket socket, int maxMessageBytes) throws IOException {
        if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad max message size, bytes=" + maxMessageBytes);
        }
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.rawIn = new PushbackInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024), 1);
        this.in = new DataInputStream(rawIn);
        this.out = socket.getOutputStream();
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Sends a message: CPython's {@code send_bytes(buf)}.
     *
     * @param message the bytes
     * @throws PeerClosedException if the peer has gone
     */
    public void sendBytes(byte[] message) {
        sendBytes(message, 0, message.length);
    }

    /**
     * Sends part of an array as one message: CPython's {@code send_bytes(buf, offset, size)}.
     *
     * @param message the bytes
     * @param offset where the message starts
     * @param length its length
     * @throws PeerClosedException if the peer has gone
     */
    public void sendBytes(byte[] message, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, message.length);
        synchronized (sending) {
            try {
                if (length <= 16 * 1024) {
                    // header and body in one write, as CPython does for small messages: one segment on the wire
                    byte[] one = new byte[4 + length];
                    ByteBuffer.wrap(one).putInt(length).put(message, offset, length);
                    out.write(one);
                } else {
                    out.write(ByteBuffer.allocate(4).putInt(length).array());
                    out.write(message, offset, length);
                }
                out.flush();
            } catch (IOException e) {
                throw gone("sending", e);
            }
        }
    }

    /**
     * Sends {@code length} bytes read from a stream as one message, in CPython's long form when it is over
     * 2 GiB − 1: for messages no array holds.
     *
     * @param source where the bytes come from
     * @param length how many
     * @throws PeerClosedException if the peer has gone
     * @throws IpcException if the source ends early (the connection is closed then: the peer waits for
     *     the rest of a message that will not come)
     */
    public void sendStream(InputStream source, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length, length=" + length);
        }
        synchronized (sending) {
            try {
                out.write(header(length, length > Integer.MAX_VALUE));
                byte[] buf = new byte[256 * 1024];
                long left = length;
                while (left > 0) {
                    int n = source.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        close();
                        throw new IpcException("the source ended before the message did, sent="
                                + (length - left) + ", length=" + length);
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
                out.flush();
            } catch (IOException e) {
                throw gone("sending", e);
            }
        }
    }

    /** Test hook: a small message in the long form, which CPython reads whatever the length. */
    void sendLongForm(byte[] message) {
        synchronized (sending) {
            try {
                out.write(header(message.length, true));
                out.write(message);
                out.flush();
            } catch (IOException e) {
                throw gone("sending", e);
            }
        }
    }

    private static byte[] header(long length, boolean longForm) {
        return longForm ? ByteBuffer.allocate(12).putInt(-1).putLong(length).array()
                : ByteBuffer.allocate(4).putInt((int) length).array();
    }

    /**
     * Waits for the next message: CPython's {@code recv_bytes()}.
     *
     * @return its bytes
     * @throws PeerClosedException when the peer has closed (between messages, or in the middle of one)
     * @throws FrameException if the message is longer than the maximum; the connection is closed then
     */
    public byte[] recvBytes() {
        synchronized (receiving) {
            long length = readLength();
            if (length > maxMessageBytes) {
                close();
                throw new FrameException("message from the Python peer too long, length=" + length + ", max="
                        + maxMessageBytes + " (the connection is closed)");
            }
            byte[] message = new byte[(int) length];
            try {
                in.readFully(message);
            } catch (EOFException e) {
                throw new PeerClosedException("the Python peer closed the connection in the middle of a message,"
                        + " length=" + length, e);
            } catch (IOException e) {
                throw gone("receiving", e);
            }
            return message;
        }
    }

    /**
     * Waits for the next message at most a timeout.
     *
     * @param timeout the longest wait for its first byte
     * @return its bytes, or empty if none began in time
     * @throws PeerClosedException when the peer has closed
     */
    public Optional<byte[]> recvBytes(Duration timeout) {
        synchronized (receiving) {
            return poll(timeout) ? Optional.of(recvBytes()) : Optional.empty();
        }
    }

    /**
     * Copies the next message, of any length (the long form included), to a sink.
     *
     * @param sink where its bytes go
     * @return its length
     * @throws PeerClosedException when the peer has closed
     */
    public long recvBytesTo(OutputStream sink) {
        synchronized (receiving) {
            long length = readLength();
            byte[] buf = new byte[256 * 1024];
            long left = length;
            try {
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new PeerClosedException("the Python peer closed the connection in the middle of a"
                                + " message, got " + (length - left) + " of " + length + " bytes");
                    }
                    sink.write(buf, 0, n);
                    left -= n;
                }
            } catch (IOException e) {
                throw gone("receiving", e);
            }
            return length;
        }
    }

    /**
     * Whether a message has begun to arrive: CPython's {@code poll(timeout)}.
     *
     * @param timeout the longest wait
     * @return true if one can be received without waiting for its start (or the peer has closed)
     */
    public boolean poll(Duration timeout) {
        synchronized (receiving) {
            try {
                if (rawIn.available() > 0) {
                    return true;
                }
                int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                socket.setSoTimeout(millis);
                try {
                    int b = rawIn.read();
                    if (b >= 0) {
                        rawIn.unread(b);
                    }
                    return true; // a byte, or the end: either way recv does not wait
                } catch (SocketTimeoutException e) {
                    return false;
                } finally {
                    socket.setSoTimeout(0);
                }
            } catch (IOException e) {
                throw gone("polling", e);
            }
        }
    }

    private long readLength() {
        try {
            int b = rawIn.read();
            if (b < 0) {
                throw new PeerClosedException("the Python peer closed the connection");
            }
            rawIn.unread(b);
            int n = in.readInt();
            if (n >= 0) {
                return n;
            }
            if (n != -1) {
                throw badLength("bad message length from the Python peer, length=" + n);
            }
            long big = in.readLong();
            if (big < 0) {
                throw badLength("bad long message length from the Python peer, length=" + Long.toUnsignedString(big));
            }
            return big;
        } catch (EOFException e) {
            throw new PeerClosedException("the Python peer closed the connection in the middle of a length", e);
        } catch (IOException e) {
            throw gone("receiving", e);
        }
    }

    private FrameException badLength(String message) {
        close();
        return new FrameException(message + " (the connection is closed)");
    }

    private IpcException gone(String doing, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new IpcTimeoutException("timed out " + doing + " on the Python connection");
        }
        return new PeerClosedException("the Python peer is gone (" + doing + "), cause=" + e.getMessage(), e);
    }

    /** Reads one message within a deadline, for the handshake. */
    byte[] recvHandshake(int maxBytes, Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            int n = in.readInt();
            if (n < 0 || n > maxBytes) {
                throw new dev.ipckit.AuthenticationException("bad handshake message from the Python peer, length=" + n);
            }
            byte[] m = new byte[n];
            in.readFully(m);
            return m;
        } catch (SocketTimeoutException e) {
            throw new dev.ipckit.AuthenticationException("the Python peer did not answer the handshake within "
                    + timeout.toMillis() + " ms");
        } finally {
            socket.setSoTimeout(0);
        }
    }

    /** @return whether this end was closed */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the connection; the peer sees EOF. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    @Override
    public String toString() {
        return "PythonConnection[" + socket.getRemoteSocketAddress() + (closed ? ", closed" : "") + "]";
    }
}
