package dev.ipckit.pipe;

import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;
import dev.ipckit.spi.Transport;
import dev.ipckit.spi.stream.FrameReader;
import dev.ipckit.spi.stream.StreamLink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The transport over the child's stdin and stdout. Nothing to configure, nothing to clean up, and no
 * other process on the machine can reach the link.
 *
 * <p>Before its first frame, the child writes a random token the parent sent in the bootstrap; the
 * parent takes nothing before that token as a frame (a JVM may print warnings on stdout before
 * {@code main}). After it, bytes outside frames — a native library writing to fd 1 — are forwarded to
 * stderr with a warning rather than breaking the link.
 */
public final class PipeTransport implements Transport {
    /** The transport's name. */
    public static final String NAME = "pipe";
    static final String TOKEN_PROP = "pipe.token";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Throwable unavailabilityCause() {
        return null;
    }

    @Override
    public boolean usesChildStdout() {
        return true;
    }

    @Override
    public ParentEndpoint parent(ChildStreams streams, LinkOptions options) {
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        String hex = HexFormat.of().formatHex(token);
        InputStream synced = new TokenSync(streams.stdout(), token, PipeTransport::stray);
        FrameReader reader = new FrameReader(synced, options.maxFrameSize(), PipeTransport::stray);
        Link link = new StreamLink("pipe-" + options.name(), synced, reader, streams.stdin(), options.maxFrameSize(),
                options.waitStrategy());
        return new ParentEndpoint() {
            @Override
            public Map<String, String> properties() {
                return Map.of(TOKEN_PROP, hex);
            }

            @Override
            public CompletableFuture<Link> link() {
                return CompletableFuture.completedFuture(link);
            }
        };
    }

    @Override
    public Link child(Map<String, String> properties, InputStream stdin, OutputStream stdout, LinkOptions options)
            throws IOException {
        String hex = properties.get(TOKEN_PROP);
        if (hex == null) {
            throw new IOException("bootstrap lacks the pipe token, property=" + TOKEN_PROP);
        }
        stdout.write(HexFormat.of().parseHex(hex));
        stdout.flush();
        FrameReader reader = new FrameReader(stdin, options.maxFrameSize(), null);
        return new StreamLink("pipe-parent", stdin, reader, stdout, options.maxFrameSize(), options.waitStrategy());
    }

    /** Bytes on the child's stdout that are not frames: shown, never taken as frames. */
    private static void stray(byte[] bytes) {
        PrintStream err = System.err;
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "\\0");
        err.print("ipckit: warning: bytes outside a frame on a child's stdout (native output?): " + text
                + (text.endsWith("\n") ? "" : "\n"));
        err.flush();
    }
}
