package dev.ipckit.socket;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipckit.FrameException;
import dev.ipckit.IpcException;
import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.LinkOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what a socket peer says before and after the handshake, on the real handlers in an embedded
 * channel (one event loop, a clock the test moves):
 * <ul>
 *   <li>the parent's side ({@link ServerHandshake}) against garbage, a wrong magic, partial and
 *       over-long answers, the expected child id with a forged proof: never a link, never a proof sent
 *       back, no exception out of the pipeline, and closed at the latest when the handshake timeout
 *       passes;</li>
 *   <li>the child's side ({@link ClientHandshake}) against a garbage parent: never a link, only an
 *       {@link dev.ipckit.AuthenticationException} or another {@link IpcException};</li>
 *   <li>the frame decoder after the handshake ({@link SocketFrameDecoder}): frames within the limit or
 *       a {@link FrameException}, a truncated frame reported when the connection ends.</li>
 * </ul>
 *
 * <p>CI runs this over the committed inputs in
 * {@code src/test/resources/dev/ipckit/socket/HandshakeFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class HandshakeFuzzTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    private static final int MAX_FRAME = 1 << 16;
    private static final byte[] KEY = new byte[32];
    private static SocketServer server;
    private static SocketServer.Expected child;

    @BeforeAll
    static void startServer() throws IOException {
        new java.security.SecureRandom().nextBytes(KEY);
        server = SocketServer.start(new SocketOptions(InetAddress.getLoopbackAddress(), HANDSHAKE_TIMEOUT,
                Duration.ofHours(1), null));
        child = server.expect(new LinkOptions("fuzzed", MAX_FRAME, KEY));
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
        assertTrue(server.terminationFuture().await(5, TimeUnit.SECONDS));
    }

    @FuzzTest(maxDuration = "10m")
    void shouldNeverAdmitAPeerThatDoesNotProveTheKey(FuzzedDataProvider data) {
        int step = data.consumeInt(1, 100);
        byte[] input = answerFrom(data);
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshake(server)); // active: the challenge goes out
        ByteBuf challenge = ch.readOutbound();
        assertEquals(HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH, challenge.readableBytes());
        challenge.release();
        feed(ch, input, step);
        ch.runPendingTasks();
        ch.checkException();
        assertNull(ch.readOutbound(), "the server proved itself to a peer without the key");
        assertFalse(child.link().isDone(), "a peer without the key became the child's link");
        assertNull(ch.pipeline().get(SocketFrameDecoder.class), "frames would be read from a peer without the key");
        if (ch.isOpen()) {
            ch.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis() + 1, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            assertFalse(ch.isOpen(), "still open after the handshake timeout, received " + input.length + " bytes");
        }
        ch.finishAndReleaseAll();
    }

    /** What the fuzzer says: raw bytes, or an answer shaped like the real one with the expected id. */
    private static byte[] answerFrom(FuzzedDataProvider data) {
        int shape = data.consumeInt(0, 2);
        byte[] rest = data.consumeRemainingAsBytes();
        if (shape == 0 || rest.length < 1) {
            return rest;
        }
        byte[] id = HexFormat.of().parseHex(child.idHex());
        byte[] answer = new byte[HandshakeDescriptor.ANSWER_MESSAGE_LENGTH + (shape == 2 ? rest.length : 0)];
        System.arraycopy(HandshakeDescriptor.MAGIC, 0, answer, 0, HandshakeDescriptor.MAGIC.length);
        System.arraycopy(id, 0, answer, HandshakeDescriptor.ANSWER_CHILD_ID_OFFSET, id.length);
        System.arraycopy(rest, 0, answer, HandshakeDescriptor.ANSWER_PROOF_OFFSET,
                Math.min(rest.length, answer.length - HandshakeDescriptor.ANSWER_PROOF_OFFSET));
        return answer; // shape 2: the forged proof, then more bytes, as if frames followed
    }

    @FuzzTest(maxDuration = "10m")
    void shouldNeverConnectAChildToAParentThatDoesNotProveTheKey(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Promise<SocketLink> result = ch.eventLoop().newPromise();
        ch.pipeline().addLast("ipckit-handshake",
                new ClientHandshake(KEY, new byte[HandshakeDescriptor.CHILD_ID_LENGTH], MAX_FRAME, "fuzzed", result));
        boolean realMagic = data.consumeBoolean();
        int step = data.consumeInt(1, 100);
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] input = rest;
        if (realMagic) {
            input = new byte[HandshakeDescriptor.MAGIC.length + rest.length];
            System.arraycopy(HandshakeDescriptor.MAGIC, 0, input, 0, HandshakeDescriptor.MAGIC.length);
            System.arraycopy(rest, 0, input, HandshakeDescriptor.MAGIC.length, rest.length);
        }
        feed(ch, input, step);
        ch.runPendingTasks();
        ch.checkException();
        assertFalse(result.isSuccess(), "the child accepted a parent that did not prove the key");
        if (result.isDone()) {
            assertInstanceOf(IpcException.class, result.cause(), "untyped handshake failure");
            assertFalse(ch.isOpen(), "a failed handshake left the connection open");
        }
        ch.finishAndReleaseAll();
    }

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeFramesOrFailWithFrameExceptionOnly(FuzzedDataProvider data) {
        EmbeddedChannel ch = new EmbeddedChannel(new SocketFrameDecoder(MAX_FRAME));
        int step = data.consumeInt(1, 5000);
        byte[] input = data.consumeRemainingAsBytes();
        java.util.List<Throwable> failures = new java.util.ArrayList<>();
        long out = 0;
        for (int i = 0; i < input.length && ch.isOpen(); i += step) {
            try {
                ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(step, input.length - i)));
            } catch (RuntimeException e) {
                failures.add(e instanceof DecoderException && e.getCause() != null ? e.getCause() : e);
                ch.close(); // as the link does on any error
            }
            for (Object o; (o = ch.readInbound()) != null; ) {
                Frame f = assertInstanceOf(Frame.class, o);
                assertTrue(f.payload().length <= MAX_FRAME, "payload above the maximum: " + f);
                out += FrameDescriptor.HEADER_LENGTH + f.payload().length;
            }
        }
        assertTrue(out <= input.length, "more bytes out than in");
        for (Throwable failure : failures) {
            assertInstanceOf(FrameException.class, failure, "untyped decoder failure");
        }
        try {
            ch.finishAndReleaseAll(); // the connection ends: bytes left over are a truncated frame
        } catch (RuntimeException e) {
            assertInstanceOf(FrameException.class, e instanceof DecoderException ? e.getCause() : e,
                    "untyped decoder failure");
        }
    }

    /** Writes the input a few bytes at a time, as TCP may deliver it; stops when the channel closes. */
    private static void feed(EmbeddedChannel ch, byte[] input, int step) {
        for (int i = 0; i < input.length && ch.isOpen(); i += step) {
            ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(step, input.length - i)));
        }
    }
}
