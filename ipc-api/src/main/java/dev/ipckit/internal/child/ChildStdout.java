package dev.ipckit.internal.child;

import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.spi.Link;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The child's {@code System.out} when frames travel on its stdout: each write becomes a STDOUT frame,
 * so printed text can never corrupt a frame, and stays in order with the child's messages.
 */
final class ChildStdout extends OutputStream {
    private final Link link;

    ChildStdout(Link link) {
        this.link = link;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > 0) {
            try {
                link.send(new Frame(FrameKind.STDOUT, (byte) 0, 0, Arrays.copyOfRange(b, off, off + len)));
            } catch (RuntimeException e) {
                // the parent is gone; there is nobody to print to
            }
        }
    }
}
