package dev.ipckit.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Promise;

import dev.ipckit.AuthenticationException;
import java.security.SecureRandom;
import java.util.List;

import static dev.ipckit.socket.HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH;
import static dev.ipckit.socket.HandshakeDescriptor.PROOF_MESSAGE_LENGTH;

/**
 * The child's side of the handshake of {@link HandshakeDescriptor}: answers the parent's challenge with
 * its proof and a challenge of its own, checks the parent's proof, then hands the channel to a
 * {@link SocketLink} and completes the promise with it. A parent that cannot prove the authkey fails the
 * promise with an {@link AuthenticationException}.
 *
 * <p><b>Not sharable:</b> one per channel, used on its event loop.
 */
final class ClientHandshake extends ByteToMessageDecoder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] authkey;
    private final byte[] childId;
    private final int maxFrameSize;
    private final String description;
    private final Promise<SocketLink> result;
    private byte[] challenge;

    /**
     * @param authkey the parent's authkey
     * @param childId the id the parent expects
     * @param maxFrameSize the largest payload
     * @param description the link's description
     * @param result completed with the link, or failed
     */
    ClientHandshake(byte[] authkey, byte[] childId, int maxFrameSize, String description, Promise<SocketLink> result) {
        this.authkey = authkey;
        this.childId = childId;
        this.maxFrameSize = maxFrameSize;
        this.description = description;
        this.result = result;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (result.isDone()) {
            in.skipBytes(in.readableBytes());
        } else if (challenge == null && in.readableBytes() >= CHALLENGE_MESSAGE_LENGTH) {
            answer(ctx, in);
        } else if (challenge != null && in.readableBytes() >= PROOF_MESSAGE_LENGTH) {
            check(ctx, in);
        }
    }

    private void answer(ChannelHandlerContext ctx, ByteBuf in) {
        byte[] message = new byte[CHALLENGE_MESSAGE_LENGTH];
        in.readBytes(message);
        challenge = new byte[HandshakeDescriptor.CHALLENGE_LENGTH];
        RANDOM.nextBytes(challenge);
        try {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(HandshakeDescriptor.answer(authkey, childId, message, challenge)));
        } catch (IllegalArgumentException e) {
            fail(ctx, e.getMessage());
        }
    }

    private void check(ChannelHandlerContext ctx, ByteBuf in) {
        byte[] proof = new byte[PROOF_MESSAGE_LENGTH];
        in.readBytes(proof);
        byte[] expected = HandshakeDescriptor.proof(authkey, challenge, childId, HandshakeDescriptor.SERVER_ROLE);
        if (!HandshakeDescriptor.sameProof(proof, expected)) {
            fail(ctx, "the parent failed to prove the authkey");
            return;
        }
        SocketLink link = SocketLink.install(ctx.pipeline(), ctx.name(), maxFrameSize, description);
        ctx.pipeline().remove(this);
        result.trySuccess(link);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, "the parent closed the connection during the handshake (wrong authkey or unknown child?)");
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (result.tryFailure(cause)) {
            ctx.close();
        }
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (result.tryFailure(new AuthenticationException(reason + ", link=" + description))) {
            ctx.close();
        }
    }
}
