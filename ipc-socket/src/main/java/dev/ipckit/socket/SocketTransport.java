package dev.ipckit.socket;

import dev.ipckit.spi.ChildStreams;
import dev.ipckit.spi.Link;
import dev.ipckit.spi.LinkOptions;
import dev.ipckit.spi.ParentEndpoint;
import dev.ipckit.spi.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The transport over TCP with Netty. The parent JVM listens once, on {@code 127.0.0.1} and an
 * ephemeral port unless {@value SocketOptions#BIND_PROP} says otherwise; each child connects back and
 * proves the parent's authkey before any frame is read (see {@link HandshakeDescriptor}), and the parent
 * proves it in turn. The child's stdout stays a plain stream, forwarded as text by the launcher.
 */
public final class SocketTransport implements Transport {
    /** The transport's name. */
    public static final String NAME = "socket";
    static final String HOST_PROP = "socket.host";
    static final String PORT_PROP = "socket.port";
    static final String CHILD_ID_PROP = "socket.child";

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
        return false;
    }

    @Override
    public ParentEndpoint parent(ChildStreams streams, LinkOptions options) throws IOException {
        SocketServer server = SocketServer.acquireShared();
        SocketServer.Expected child;
        try {
            child = server.expect(options);
        } catch (IOException | RuntimeException e) {
            server.release();
            throw e;
        }
        Map<String, String> props = new HashMap<>();
        props.put(HOST_PROP, server.connectHost());
        boolean plain = server.options().tls() == null && !PlainClient.nettyWanted();
        try {
            props.put(PORT_PROP, Integer.toString(plain ? server.plainPort() : server.port()));
        } catch (IOException | RuntimeException e) {
            server.cancel(child);
            throw e;
        }
        props.put(CHILD_ID_PROP, child.idHex());
        if (server.options().tls() != null) {
            props.putAll(server.options().tls().childProperties());
        }
        Map<String, String> properties = Map.copyOf(props);
        return new ParentEndpoint() {
            @Override
            public Map<String, String> properties() {
                return properties;
            }

            @Override
            public CompletableFuture<Link> link() {
                return child.link();
            }

            @Override
            public void close() {
                server.cancel(child);
            }
        };
    }

    @Override
    public Link child(Map<String, String> properties, InputStream stdin, OutputStream stdout, LinkOptions options)
            throws IOException {
        String host = require(properties, HOST_PROP);
        int port = Integer.parseInt(require(properties, PORT_PROP));
        byte[] childId = HexFormat.of().parseHex(require(properties, CHILD_ID_PROP));
        if (!HandshakeDescriptor.usableKey(options.authkey())) {
            throw new IOException("the socket transport needs the parent's authkey, none usable in the bootstrap");
        }
        TlsSettings tls = TlsSettings.fromChildProperties(properties);
        Duration timeout = SocketOptions.handshakeTimeoutFromSystemProperties();
        if (tls == null && !PlainClient.nettyWanted()) {
            return PlainClient.connect(host, port, options.authkey(), childId, options.maxFrameSize(), timeout,
                    options.waitStrategy());
        }
        return SocketClient.connect(host, port, options.authkey(), childId, options.maxFrameSize(), "socket-parent",
                tls, timeout);
    }

    private static String require(Map<String, String> properties, String key) throws IOException {
        String v = properties.get(key);
        if (v == null) {
            throw new IOException("bootstrap lacks a socket property, property=" + key);
        }
        return v;
    }
}
