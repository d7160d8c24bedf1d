package dev.ipckit.pipe;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.PeerClosedException;
import dev.ipckit.ProcessInfo;
import dev.ipckit.Queue;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.peer.Peers;
import dev.ipckit.spi.stream.FrameReader;
import dev.ipckit.spi.stream.StreamLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A listener serves a client over a link as it serves a child, minus the process: the client gets a
 * connection and the shared queues. Here both ends of the link are in-memory streams; the socket
 * transport runs the same across processes and machines.
 */
@Timeout(30)
class PeersTest {
    private static final int MAX = 1 << 20;

    private static Link[] linkedPair() throws IOException {
        PipedInputStream aIn = new PipedInputStream(1 << 16);
        PipedOutputStream bOut = new PipedOutputStream(aIn);
        PipedInputStream bIn = new PipedInputStream(1 << 16);
        PipedOutputStream aOut = new PipedOutputStream(bIn);
        Link a = new StreamLink("listener", aIn, new FrameReader(aIn, MAX, null), aOut, MAX);
        Link b = new StreamLink("client", bIn, new FrameReader(bIn, MAX, null), bOut, MAX);
        return new Link[] {a, b};
    }

    @Test
    void shouldHandAClientAConnectionAndNamedQueues() throws Exception {
        IpcContext ctx = Ipc.context("pipe");
        Queue<String> jobs = ctx.queue();
        jobs.put("job-1");
        Link[] links = linkedPair();
        Peers.Accepted accepted = Peers.accept(links[0], "client-1", ctx, Map.of("jobs", jobs));
        try (Peers.Peer peer = Peers.connect(links[1], new ProcessInfo("listener", 0, false), Duration.ofSeconds(10))) {
            Queue<String> remoteJobs = peer.queue("jobs");
            assertEquals("job-1", remoteJobs.poll(Duration.ofSeconds(5)));
            remoteJobs.put("from the client");
            assertEquals("from the client", jobs.poll(Duration.ofSeconds(5)));

            Connection c = peer.connection();
            c.send("hello listener");
            assertEquals("hello listener", accepted.connection().recv());
            accepted.connection().send("hello client");
            assertEquals("hello client", c.recv());
            assertThrows(IllegalArgumentException.class, () -> peer.queue("nope"));
        }
        accepted.gone().get(10, TimeUnit.SECONDS);
        assertThrows(PeerClosedException.class, () -> accepted.connection().recv(Duration.ofSeconds(5)));
    }

    @Test
    void shouldTellTheClientWhenTheListenerGoes() throws Exception {
        IpcContext ctx = Ipc.context("pipe");
        Link[] links = linkedPair();
        Peers.Accepted accepted = Peers.accept(links[0], "client-2", ctx, Map.of());
        Peers.Peer peer = Peers.connect(links[1], new ProcessInfo("listener", 0, false), Duration.ofSeconds(10));
        CompletableFuture<Void> lost = peer.lost();
        accepted.connection().close();
        links[0].close();
        lost.get(10, TimeUnit.SECONDS);
        assertThrows(PeerClosedException.class, () -> peer.connection().recv(Duration.ofSeconds(5)));
        peer.close();
    }
}
