package dev.ipckit.sharedmem;

import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Helpers: links opened in one JVM, a handler that records, and the link directories of a pid. */
final class ShmTestSupport {
    static final int MAX = 1 << 20;

    private ShmTestSupport() {
    }

    static LinkOptions options(String name) {
        return new LinkOptions(name, MAX, new byte[16]);
    }

    /** Both ends of one link in this JVM: [parent, child]. */
    static Link[] pair(String name) throws Exception {
        SharedMemTransport t = new SharedMemTransport();
        ParentEndpoint ep = t.parent(new ChildStreams(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(), ProcessHandle.current()), options(name));
        Link child = t.child(ep.properties(), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                options(name));
        Link parent = ep.link().get(30, TimeUnit.SECONDS);
        return new Link[] {parent, child};
    }

    /** @return the link directories owned by a pid */
    static List<Path> dirsOf(long pid) throws IOException {
        try (Stream<Path> s = Files.list(ShmConfig.root())) {
            return s.filter(p -> p.getFileName().toString().startsWith(ShmDirectory.PREFIX + pid + "-")).toList();
        }
    }

    /** Waits until no link directory of the pid is left; returns what is left. */
    static List<Path> awaitNoDirs(long pid, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Path> left = dirsOf(pid);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = dirsOf(pid);
        }
        return left;
    }

    /** Records frames and the close. */
    static final class Recorder implements FrameHandler {
        final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();
        volatile int closes;

        @Override
        public void onFrame(Frame frame) {
            frames.add(frame);
        }

        @Override
        public void onClosed(Throwable cause) {
            closes++;
            closed.complete(cause);
        }
    }
}
