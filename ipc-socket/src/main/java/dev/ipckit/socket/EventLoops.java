package dev.ipckit.socket;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty's native epoll transport where it loads, NIO elsewhere; event-loop threads are always daemon
 * threads, so that they never keep a JVM alive.
 */
final class EventLoops {
    private EventLoops() {
    }

    /** @return whether the native transport is used */
    static boolean nativeTransport() {
        return SocketOptions.nativeAllowed() && Epoll.isAvailable();
    }

    /**
     * @param threads the number of event loops
     * @param name the thread name prefix
     * @return a group of daemon event-loop threads
     */
    static EventLoopGroup group(int threads, String name) {
        LoopThread.Factory factory = new LoopThread.Factory(name);
        return nativeTransport() ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    /** @return the client channel class matching {@link #group} */
    static Class<? extends SocketChannel> channelClass() {
        return nativeTransport() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** @return the server channel class matching {@link #group} */
    static Class<? extends ServerChannel> serverChannelClass() {
        return nativeTransport() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
