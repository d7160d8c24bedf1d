package dev.ipckit.socket;

import dev.ipckit.FrameException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

import java.util.List;

/**
 * Cuts the inbound byte stream into {@link Frame}s: Netty's length-field framing over the header of
 * {@link FrameDescriptor}, with the header checked by {@link FrameDescriptor#checkHeader} as soon as its
 * 12 bytes are in — so a bad magic, an unknown kind or a length above the maximum is a
 * {@link FrameException} at once, before any payload is buffered. A stream that ends inside a frame is
 * a {@link FrameException} too ("truncated frame"), never a silent end.
 *
 * <p><b>Not sharable:</b> one per channel, used on its event loop.
 */
final class SocketFrameDecoder extends LengthFieldBasedFrameDecoder {
    private final int maxFrameSize;
    private final byte[] header = new byte[FrameDescriptor.HEADER_LENGTH];

    /** @param maxFrameSize the largest payload accepted */
    SocketFrameDecoder(int maxFrameSize) {
        super((int) Math.min(Integer.MAX_VALUE, (long) FrameDescriptor.HEADER_LENGTH + maxFrameSize),
                FrameDescriptor.LENGTH_OFFSET, Integer.BYTES, 0, 0, true);
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() < FrameDescriptor.HEADER_LENGTH) {
            return null;
        }
        in.getBytes(in.readerIndex(), header);
        int length = FrameDescriptor.checkHeader(header, 0, maxFrameSize);
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            byte[] payload = length == 0 ? Frame.NO_PAYLOAD : new byte[length];
            frame.getBytes(frame.readerIndex() + FrameDescriptor.HEADER_LENGTH, payload);
            return new Frame(FrameKind.of(header[FrameDescriptor.KIND_OFFSET]), header[FrameDescriptor.CODEC_OFFSET],
                    FrameDescriptor.getInt(header, FrameDescriptor.CHANNEL_OFFSET), payload);
        } finally {
            frame.release();
        }
    }

    /**
     * The stream ended: bytes left over are a frame cut short. Reported through the pipeline here rather
     * than thrown, so that the link sees the cause before it sees the channel go inactive.
     */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            int received = in.readableBytes();
            in.skipBytes(received);
            ctx.fireExceptionCaught(new FrameException("truncated frame, received=" + received
                    + " bytes before the connection closed"));
        }
    }
}
