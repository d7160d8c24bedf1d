package dev.ipckit.spi.peer;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.ProcessInfo;
import dev.ipckit.Queue;
import dev.ipckit.spi.Link;
import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.internal.child.ChildRuntime;
import dev.ipckit.internal.process.ChildSession;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * For transports that let unrelated JVMs connect (Python's {@code multiprocessing.connection}
 * {@code Listener} and {@code Client}): serves an authenticated link as if it led to a child, minus the
 * process. The listening side hands the client one end of a new pipe and the queues it shares by name;
 * the client gets them as a {@link Peer}.
 */
public final class Peers {
    private Peers() {
    }

    /** What the listener hands a client: its end of a pipe, and shared queues by name. */
    private record Attachment(Connection connection, Map<String, Queue<?>> queues) implements Serializable {
    }

    /**
     * The listening side of one client.
     *
     * @param connection this side's end of the pipe to the client
     * @param gone completed when the client has disconnected and what it held is released
     */
    public record Accepted(Connection connection, CompletableFuture<Void> gone) {
    }

    /**
     * Listening side: serves a client on an authenticated link.
     *
     * @param link the link, not started
     * @param clientName a name for messages, such as the client's address
     * @param ctx the context whose serializer the pipe uses
     * @param shared queues this process owns that the client may use, by name
     * @return this side's end of the pipe to the client, and when the client is gone
     */
    public static Accepted accept(Link link, String clientName, IpcContext ctx, Map<String, ? extends Queue<?>> shared) {
        LocalRuntime rt = LocalRuntime.get();
        ChildSession session = new ChildSession(clientName, rt, false);
        Pipe pipe = ctx.pipe();
        CompletableFuture<Void> gone = session.attachRemote(link);
        session.handOver(new Attachment(pipe.right(), new LinkedHashMap<>(shared)));
        return new Accepted(pipe.left(), gone);
    }

    /**
     * Client side: takes what the listener hands over on an authenticated link.
     *
     * @param link the link, not started
     * @param listener who the listener is, for messages
     * @param timeout how long to wait for the handover
     * @return the client's view: the connection and the shared queues
     * @throws IpcTimeoutException if nothing came in time
     * @throws PeerClosedException if the link closed first
     */
    public static Peer connect(Link link, ProcessInfo listener, Duration timeout) {
        CompletableFuture<Void> lost = new CompletableFuture<>();
        ChildRuntime rt = ChildRuntime.attach(listener, link, () -> lost.complete(null));
        try {
            Attachment a = (Attachment) rt.attachment().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Peer(a.connection(), a.queues(), link, lost);
        } catch (TimeoutException e) {
            link.close();
            throw new IpcTimeoutException("no handover from the listener in time, listener=" + listener.name()
                    + ", timeout=" + timeout);
        } catch (ExecutionException e) {
            link.close();
            throw e.getCause() instanceof RuntimeException r ? r
                    : new PeerClosedException("handover failed, listener=" + listener.name(), e.getCause());
        } catch (InterruptedException e) {
            link.close();
            Thread.currentThread().interrupt();
            throw new PeerClosedException("interrupted while connecting, listener=" + listener.name(), e);
        }
    }

    /**
     * A client's view of a listener: one connection and the queues it shares. Closing it closes the link.
     */
    public static final class Peer implements AutoCloseable {
        private final Connection connection;
        private final Map<String, Queue<?>> queues;
        private final Link link;
        private final CompletableFuture<Void> lost;

        Peer(Connection connection, Map<String, Queue<?>> queues, Link link, CompletableFuture<Void> lost) {
            this.connection = connection;
            this.queues = queues;
            this.link = link;
            this.lost = lost;
        }

        /** @return the connection to the listening process */
        public Connection connection() {
            return connection;
        }

        /**
         * @param <E> the item type
         * @param name a name the listener shared a queue under
         * @return the queue
         * @throws IllegalArgumentException if the listener shares no queue by that name, listing the names
         */
        @SuppressWarnings("unchecked")
        public <E> Queue<E> queue(String name) {
            Queue<?> q = queues.get(name);
            if (q == null) {
                throw new IllegalArgumentException("no queue shared under that name, name=" + name
                        + ", shared=" + queues.keySet());
            }
            return (Queue<E>) q;
        }

        /** @return completed when the link to the listener is gone */
        public CompletableFuture<Void> lost() {
            return lost;
        }

        @Override
        public void close() {
            connection.close();
            link.flush(Duration.ofSeconds(1));
            link.close();
        }
    }
}
