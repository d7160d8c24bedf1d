package dev.ipckit.sharedmem;

import dev.ipckit.IpcTimeoutException;
import dev.ipckit.PeerClosedException;
import dev.ipckit.WaitStrategy;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The parent's side of a child that is starting: the directory exists and its name goes in the
 * bootstrap; a connector thread opens the queues (while the child JVM boots) and waits for the child's
 * CONNECT excerpt, which names its pid. If the child dies first, or never connects in time, the link
 * fails and the directory is deleted.
 *
 * <p>Until CONNECT the connector watches the child's process: if it dies first, the link fails at once;
 * the launcher also calls {@link #close()} when the child ends.
 */
final class ShmParentEndpoint implements ParentEndpoint {
    /** Bootstrap property: the link directory. */
    static final String DIR_PROP = "shm.dir";
    /** Bootstrap property: the parent's pid, which owns the directory. */
    static final String PARENT_PID_PROP = "shm.parentPid";
    private final Path dir;
    private final LinkOptions options;
    private final CompletableFuture<Link> link = new CompletableFuture<>();
    private final List<ProcessHandle> candidates;
    private final ShmProgress progress;
    private volatile boolean abandoned;

    private ShmParentEndpoint(Path dir, LinkOptions options, List<ProcessHandle> candidates, ShmProgress progress) {
        this.dir = dir;
        this.options = options;
        this.candidates = candidates;
        this.progress = progress;
    }

    /**
     * @param options link options
     * @param child the child process, watched until it connects
     * @return an endpoint whose connector is running
     * @throws IOException if the directory cannot be made
     */
    static ShmParentEndpoint open(LinkOptions options, ProcessHandle child) throws IOException {
        List<ProcessHandle> recent = List.of(child);
        Path dir = ShmDirectory.create(ShmConfig.root());
        ShmProgress progress;
        try {
            progress = ShmProgress.open(dir);
        } catch (IOException | RuntimeException ex) {
            ShmDirectory.delete(dir);
            throw ex;
        }
        ShmParentEndpoint e = new ShmParentEndpoint(dir, options, recent, progress);
        Thread t = new Thread(e::connect, "ipckit-shm-connect-" + options.name());
        t.setDaemon(true);
        t.start();
        return e;
    }

    @Override
    public Map<String, String> properties() {
        return Map.of(DIR_PROP, dir.toString(), PARENT_PID_PROP, Long.toString(ProcessHandle.current().pid()));
    }

    @Override
    public CompletableFuture<Link> link() {
        return link;
    }

    /** The child has ended: if it never connected, the connector stops and deletes the directory at once. */
    @Override
    public void close() {
        abandoned = true;
    }

    private void connect() {
        ShmQueues queues = null;
        try {
            queues = ShmQueues.open(dir, true, options.maxFrameSize());
            long pid = awaitConnect(queues);
            link.complete(new ShmLink("shm-" + options.name(), dir, true, CompletableFuture.completedFuture(queues), progress,
                    ShmPeer.of(pid), options.maxFrameSize(), ShmConfig.waitStrategy(options.waitStrategy())));
        } catch (Throwable t) {
            if (queues != null) {
                try {
                    queues.closeOut();
                    queues.closeIn();
                } catch (RuntimeException ignored) {
                    // closing what failed
                }
            }
            ShmDirectory.delete(dir);
            link.completeExceptionally(t);
        }
    }

    private long awaitConnect(ShmQueues queues) {
        ShmExcerptReader reader = new ShmExcerptReader(queues.tailer, options.maxFrameSize());
        WaitStrategy.Idle idle = options.waitStrategy().idle();
        long start = System.nanoTime();
        long timeout = ShmConfig.connectTimeoutMillis() * 1_000_000;
        long nextCheck = start;
        while (true) {
            Frame f = reader.next();
            if (f == ShmExcerptReader.SKIP && reader.connectedPid() > 0) {
                return reader.connectedPid();
            }
            if (f != null) {
                throw new PeerClosedException("child sent something before connecting, link=shm-" + options.name());
            }
            if (abandoned) {
                throw new PeerClosedException("child ended before connecting, link=shm-" + options.name());
            }
            long now = System.nanoTime();
            if (now - start > timeout) {
                throw new IpcTimeoutException("child did not connect in time, link=shm-" + options.name()
                        + ", timeoutMillis=" + ShmConfig.connectTimeoutMillis());
            }
            if (now - nextCheck >= 0) {
                nextCheck = now + ShmConfig.peerCheckNanos();
                if (!candidates.isEmpty() && candidates.stream().noneMatch(h -> ShmPeer.isRunning(h.pid()))) {
                    throw new PeerClosedException("child exited before connecting, link=shm-" + options.name());
                }
            }
            idle.idle();
        }
    }
}
