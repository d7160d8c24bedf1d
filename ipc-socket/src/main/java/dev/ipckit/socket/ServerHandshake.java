package dev.ipckit.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ipckit.socket.HandshakeDescriptor.ANSWER_MESSAGE_LENGTH;

/**
 * The parent's side of the handshake of {@link HandshakeDescriptor}, one per accepted connection: sends
 * a fresh challenge, reads exactly one ANSWER (never more than its 84 bytes before it is checked), and
 * either proves itself in turn and hands the channel to a {@link SocketLink}, or closes it. A peer that
 * has not answered within the handshake timeout is closed. Every rejection is logged once, with no
 * secret in it.
 *
 * <p><b>Not sharable:</b> one per channel, used on its event loop.
 */
final class ServerHandshake extends ByteToMessageDecoder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SocketServer server;
    private final byte[] challenge = new byte[HandshakeDescriptor.CHALLENGE_LENGTH];
    private ScheduledFuture<?> timeout;
    private boolean finished;
    private long received;

    /** @param server the server that accepted the connection */
    ServerHandshake(SocketServer server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        server.handshakeStarted(ctx.channel());
        long millis = server.options().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> reject(ctx, "handshake timed out, timeoutMillis=" + millis
                + ", received=" + received + " bytes"), millis, TimeUnit.MILLISECONDS);
        RANDOM.nextBytes(challenge);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(HandshakeDescriptor.MAGIC.clone(), challenge.clone()));
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (finished) {
            in.skipBytes(in.readableBytes());
            return;
        }
        received = in.readableBytes();
        if (in.readableBytes() >= HandshakeDescriptor.MAGIC.length && !magicAt(in)) {
            reject(ctx, "not an ipckit handshake (bad magic), received=" + received + " bytes");
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < ANSWER_MESSAGE_LENGTH) {
            return;
        }
        byte[] answer = new byte[ANSWER_MESSAGE_LENGTH];
        in.readBytes(answer);
        SocketServer.Accepted accepted;
        try {
            accepted = server.authenticate(answer, challenge);
        } catch (SocketServer.Rejected e) {
            reject(ctx, e.getMessage());
            in.skipBytes(in.readableBytes());
            return;
        }
        end(ctx);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(accepted.serverProof()));
        SocketLink link = SocketLink.install(ctx.pipeline(), ctx.name(), accepted.maxFrameSize(),
                accepted.description());
        ctx.pipeline().remove(this);
        server.connected(accepted, link);
    }

    private static boolean magicAt(ByteBuf in) {
        for (int i = 0; i < HandshakeDescriptor.MAGIC.length; i++) {
            if (in.getByte(in.readerIndex() + i) != HandshakeDescriptor.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reject(ctx, "peer closed the connection during the handshake, received=" + received + " bytes");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        reject(ctx, "error during the handshake, cause=" + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private void reject(ChannelHandlerContext ctx, String reason) {
        if (finished) {
            return;
        }
        end(ctx);
        server.rejected(ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private void end(ChannelHandlerContext ctx) {
        finished = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        server.handshakeEnded(ctx.channel());
    }
}
