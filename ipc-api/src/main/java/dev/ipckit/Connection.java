package dev.ipckit;

import java.time.Duration;
import java.util.Optional;

/**
 * One end of a {@link Pipe}: Python's {@code multiprocessing.connection.Connection}. Messages arrive
 * whole and in the order they were sent. An end may be captured by a {@link Task}: the child then owns
 * it, and this process's object for that end may no longer be used. A child may pass an end it received on
 * to its own children, to any depth: each process in between relays the end's frames (and its flow
 * control) between the link it came through and the child that now holds it; what waited for the end
 * follows it, in order, and the other end reads end-of-stream when the last holder closes it or ends.
 *
 * <p>An end crosses to another process only in such a hand-over. Written anywhere else (a message on a
 * pipe, a queue item, the user's own {@code ObjectOutputStream}) it is refused: the ends are not
 * {@link java.io.Serializable}.
 *
 * <p>{@link #send} and {@link #recv} carry objects through the context's {@link Serializer};
 * {@link #sendBytes} and {@link #recvBytes} carry a {@code byte[]} as it is. {@link #recv} returns a
 * {@code byte[]} for a message sent with {@code sendBytes}.
 *
 * <p><b>Thread-safe</b>, though, as in Python, two threads receiving on one end compete for messages.
 */
public interface Connection extends AutoCloseable {

    /**
     * Sends an object.
     *
     * @param message the object
     * @throws SerializationException if it cannot be serialized (nothing is sent)
     * @throws PeerClosedException if the other end is closed or gone
     * @throws IllegalStateException if this end is closed or not writable
     */
    void send(Object message);

    /**
     * Sends an object, waiting at most a timeout for the reader to make room: a sender gets at most the
     * pipe's window ({@link IpcContext#withPipeWindow}) ahead of its reader. {@link #send(Object)} waits as
     * long as it takes.
     *
     * @param message the object
     * @param timeout the longest wait for room
     * @return true if sent; false if the reader made no room in time (nothing is sent)
     * @throws SerializationException if it cannot be serialized (nothing is sent)
     * @throws PeerClosedException if the other end is closed or gone
     * @throws IllegalStateException if this end is closed or not writable
     */
    boolean send(Object message, Duration timeout);

    /**
     * Sends bytes as they are, without the serializer.
     *
     * @param message the bytes; must not change until this returns
     * @throws PeerClosedException if the other end is closed or gone
     */
    void sendBytes(byte[] message);

    /**
     * Sends bytes as they are, waiting at most a timeout for the reader to make room.
     *
     * @param message the bytes; must not change until this returns
     * @param timeout the longest wait for room
     * @return true if sent; false if the reader made no room in time (nothing is sent)
     * @throws PeerClosedException if the other end is closed or gone
     */
    boolean sendBytes(byte[] message, Duration timeout);

    /**
     * Waits for the next message.
     *
     * @return the object
     * @throws PeerClosedException once the other end is closed and every message sent before has been
     *     received
     * @throws SerializationException if it cannot be deserialized (the message is dropped, the
     *     connection stays usable)
     */
    Object recv();

    /**
     * Waits for the next message, up to a timeout.
     *
     * @param timeout the longest wait
     * @return the object, or empty if none came in time
     * @throws PeerClosedException once the other end is closed and drained
     */
    Optional<Object> recv(Duration timeout);

    /**
     * Waits for the next message and returns its bytes: a {@code sendBytes} message as sent, an object
     * message as serialized.
     *
     * @return the bytes
     * @throws PeerClosedException once the other end is closed and drained
     */
    byte[] recvBytes();

    /**
     * Waits until a message is ready to receive, or the other end has closed.
     *
     * @param timeout the longest wait; zero to look without waiting
     * @return whether {@link #recv()} would return or throw at once
     */
    boolean poll(Duration timeout);

    /** Closes this end; the other end receives what was sent, then {@link PeerClosedException}. */
    @Override
    void close();

    /** @return whether {@link #close()} was called, or the end was handed to another process */
    boolean isClosed();

    /** @return whether this end can receive */
    boolean isReadable();

    /** @return whether this end can send */
    boolean isWritable();
}
