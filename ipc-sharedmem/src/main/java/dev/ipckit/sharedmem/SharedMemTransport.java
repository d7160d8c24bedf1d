package dev.ipckit.sharedmem;

import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;
import dev.ipckit.spi.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The transport over memory-mapped Chronicle Queues: one queue per direction in a private directory on
 * tmpfs ({@code /dev/shm} where present). The fastest link between two JVMs on one machine; the child's
 * stdout stays plain text. Needs JVM flags in every JVM that uses it ({@link #unavailabilityCause()}
 * names them); children get them from {@link #childJvmOptions(int)}.
 */
public final class SharedMemTransport implements Transport {
    /** The transport's name. */
    public static final String NAME = "sharedmem";

    /** Test hook: start children without the JVM flags Chronicle needs. */
    static volatile boolean omitChildFlags;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Throwable unavailabilityCause() {
        List<String> missing = ShmJvmFlags.missing();
        return missing.isEmpty() ? null : new UnsupportedOperationException(ShmJvmFlags.message(missing));
    }

    @Override
    public List<String> childJvmOptions(int childFeatureVersion) {
        List<String> options = new java.util.ArrayList<>(omitChildFlags ? ShmJvmFlags.PROPERTIES
                : ShmJvmFlags.forFeature(childFeatureVersion));
        return options;
    }

    @Override
    public boolean usesChildStdout() {
        return false;
    }

    @Override
    public ParentEndpoint parent(ChildStreams streams, LinkOptions options) throws IOException {
        checkFlags();
        return ShmParentEndpoint.open(options, streams.process());
    }

    @Override
    public Link child(Map<String, String> properties, InputStream stdin, OutputStream stdout, LinkOptions options)
            throws IOException {
        checkFlags();
        String dirName = properties.get(ShmParentEndpoint.DIR_PROP);
        String parentPid = properties.get(ShmParentEndpoint.PARENT_PID_PROP);
        if (dirName == null || parentPid == null) {
            throw new IOException("bootstrap lacks the shared-memory link, properties=" + properties.keySet());
        }
        Path dir = Path.of(dirName);
        if (!Files.isDirectory(dir)) {
            throw new IOException("link directory is gone, dir=" + dir);
        }
        ShmProgress progress = ShmProgress.open(dir);
        return new ShmLink("shm-parent", dir, false, openInBackground(dir, options.maxFrameSize()), progress,
                ShmPeer.of(Long.parseLong(parentPid)), options.maxFrameSize(),
                ShmConfig.waitStrategy(options.waitStrategy()));
    }

    /**
     * Opening Chronicle is most of a child's start (its classes load on first use): done on its own
     * thread, so that the child meanwhile watches its parent and loads its task; sends wait for it.
     */
    private static CompletableFuture<ShmQueues> openInBackground(Path dir, int maxFrameSize) {
        CompletableFuture<ShmQueues> opening = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ShmStartup.beforeChronicle();
                ShmQueues queues = ShmQueues.open(dir, false, maxFrameSize);
                ShmExcerptWriter.writeConnect(queues.appender, ProcessHandle.current().pid());
                opening.complete(queues);
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "ipckit-shm-open");
        t.setDaemon(true);
        t.start();
        return opening;
    }

    private static void checkFlags() throws IOException {
        List<String> missing = ShmJvmFlags.missing();
        if (!missing.isEmpty()) {
            throw new IOException(ShmJvmFlags.message(missing));
        }
    }
}
