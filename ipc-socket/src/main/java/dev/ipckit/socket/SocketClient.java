package dev.ipckit.socket;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Promise;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The child's side: connects to the parent's server and runs the client handshake. Each connection has
 * its own single event-loop thread, a daemon, ended when the connection closes.
 *
 * <p>The child uses Netty's unpooled allocator: a child has one connection, and the pooled allocator's
 * arenas cost more start-up time than they would ever save it.
 */
final class SocketClient {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private SocketClient() {
    }

    /**
     * @param host the parent's address
     * @param port its port
     * @param authkey the parent's authkey
     * @param childId the id the parent expects
     * @param maxFrameSize the largest payload
     * @param description the link's description
     * @param tls TLS settings, or null
     * @param handshakeTimeout how long connecting and the handshake may take together
     * @return the authenticated link, not started
     * @throws IOException if it cannot connect or authenticate
     */
    static SocketLink connect(String host, int port, byte[] authkey, byte[] childId, int maxFrameSize,
                              String description, TlsSettings tls, Duration handshakeTimeout) throws IOException {
        SslContext ssl = tls == null ? null : tls.clientContext();
        EventLoopGroup group = EventLoops.group(1, "ipckit-socket-client");
        Promise<SocketLink> result = group.next().newPromise();
        Bootstrap b = new Bootstrap().group(group).channel(EventLoops.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, SocketServer.WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("ipckit-tls", ssl.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast("ipckit-flush", new FlushConsolidationHandler());
                        ch.pipeline().addLast("ipckit-handshake",
                                new ClientHandshake(authkey, childId, maxFrameSize, description, result));
                    }
                });
        ChannelFuture connect = b.connect(host, port);
        Channel ch = connect.channel();
        ch.closeFuture().addListener(f -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        });
        try {
            return result.get(handshakeTimeout.toMillis() + CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to the parent");
        } catch (TimeoutException e) {
            ch.close();
            throw new IOException("no handshake with the parent in time, address=" + host + ":" + port);
        } catch (ExecutionException e) {
            ch.close();
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io
                    : new IOException("cannot connect to the parent, address=" + host + ":" + port + ", cause=" + c, c);
        }
    }
}
