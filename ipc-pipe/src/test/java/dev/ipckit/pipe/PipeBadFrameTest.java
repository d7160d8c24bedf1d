package dev.ipckit.pipe;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.tck.ContractBase;
import dev.ipckit.tck.OutputCapture;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child that writes a malformed frame on its stdout (here forged through fd 1, as native code could):
 * the parent closes that child's link only, says why once, and its other children go on.
 */
class PipeBadFrameTest extends ContractBase {

    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }

    private static void forge(byte[] header) throws Exception {
        FileOutputStream fd1 = new FileOutputStream(FileDescriptor.out);
        fd1.write(header);
        fd1.flush();
        Thread.sleep(60_000); // the parent must end this child, not a timeout
    }

    private static byte[] header(int length, int kind) {
        byte[] h = new byte[FrameDescriptor.HEADER_LENGTH];
        FrameDescriptor.writeHeader(h, 0, FrameKind.DATA, (byte) 0, 1, 0);
        FrameDescriptor.putInt(h, FrameDescriptor.LENGTH_OFFSET, length);
        h[FrameDescriptor.KIND_OFFSET] = (byte) kind;
        return h;
    }

    @Test
    void shouldCloseOnlyTheLinkOfAChildThatSendsAFrameTooLong() {
        checkBadFrame(header(Integer.MAX_VALUE, FrameKind.DATA.wire()), "frame too long");
    }

    @Test
    void shouldCloseOnlyTheLinkOfAChildThatSendsAnUnknownKind() {
        checkBadFrame(header(0, 77), "unknown frame kind");
    }

    private void checkBadFrame(byte[] forged, String expected) {
        IpcContext ctx = ctx().withMaxFrameSize(1 << 20);
        try (OutputCapture cap = new OutputCapture()) {
            Pipe good = ctx.pipe();
            Connection goodEnd = good.right();
            IpcProcess healthy = track(ctx.process(() -> {
                while (true) {
                    goodEnd.send(goodEnd.recv());
                }
            })).start();
            Pipe bad = ctx.pipe();
            Connection badEnd = bad.right();
            IpcProcess broken = track(ctx.process(() -> {
                badEnd.send("about to break");
                badEnd.recv(); // the message is through: now break the stream
                forge(forged);
            })).start();
            try {
                assertEquals("about to break", bad.left().recv());
                bad.left().send("go");
                assertTrue(broken.join(Duration.ofSeconds(20)), "the child of a closed link must end");
                assertTrue(cap.err().contains(expected), cap.err());
                assertThrows(PeerClosedException.class, () -> bad.left().recv(Duration.ofSeconds(10)));
                good.left().send("still here");
                assertEquals("still here", good.left().recv());
                good.left().close();
                healthy.join(Duration.ofSeconds(20));
            } finally {
                reap(healthy);
                reap(broken);
            }
        }
    }
}
