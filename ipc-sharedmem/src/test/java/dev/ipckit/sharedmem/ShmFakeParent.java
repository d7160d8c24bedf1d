package dev.ipckit.sharedmem;

import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.ParentEndpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: a parent side in its own JVM, for tests that kill the parent. Prints the bootstrap
 * properties on stdout, waits for the test to connect as the child, then sends large frames for ever.
 */
public final class ShmFakeParent {
    private ShmFakeParent() {
    }

    /** @param args unused */
    public static void main(String[] args) throws Exception {
        SharedMemTransport t = new SharedMemTransport();
        ParentEndpoint ep = t.parent(new ChildStreams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), ProcessHandle.current()),
                ShmTestSupport.options("fake-parent"));
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, String> e : ep.properties().entrySet()) {
            line.append(e.getKey()).append('=').append(e.getValue()).append(';');
        }
        System.out.println(line);
        System.out.flush();
        Link link = ep.link().get(60, TimeUnit.SECONDS);
        byte[] big = new byte[256 << 10];
        for (int i = 0; ; i++) {
            link.send(new Frame(FrameKind.DATA, (byte) 1, i, big));
        }
    }
}
