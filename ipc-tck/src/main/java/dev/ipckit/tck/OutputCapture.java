package dev.ipckit.tck;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures this JVM's {@code System.out} and {@code System.err} while open, still passing everything
 * through, and restores them on close.
 */
public final class OutputCapture implements AutoCloseable {
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Starts capturing. */
    public OutputCapture() {
        System.setOut(new PrintStream(new Tee(out, oldOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, oldErr), true, StandardCharsets.UTF_8));
    }

    /** @return what was written to {@code System.out} so far */
    public synchronized String out() {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** @return what was written to {@code System.err} so far */
    public String err() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private static final class Tee extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final OutputStream through;

        Tee(ByteArrayOutputStream copy, OutputStream through) {
            this.copy = copy;
            this.through = through;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                through.write(b, off, len);
            } catch (java.io.IOException ignored) {
                // the console is gone; the copy is what the test reads
            }
        }
    }
}
