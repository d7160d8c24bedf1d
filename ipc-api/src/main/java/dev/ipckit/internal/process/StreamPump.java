package dev.ipckit.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Copies a child's text stream to one of this JVM's, line by line, optionally prefixed with the child's
 * name, and keeps its last lines for error messages. Runs on its own daemon thread until the stream
 * ends.
 */
public final class StreamPump {
    /** Lines kept for {@link #tail()}. */
    public static final int TAIL_LINES = 20;

    private final Supplier<PrintStream> target;
    private volatile byte[] prefix;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private Thread thread;

    /**
     * @param target where lines go, looked up per line so that {@code System.setErr} is honoured
     * @param prefix put before each line, or null
     */
    public StreamPump(Supplier<PrintStream> target, String prefix) {
        this.target = target;
        prefix(prefix);
    }

    /**
     * @param prefix put before each line from now on, or null (a warm spare gets its name when it is given
     *     a task)
     */
    public void prefix(String prefix) {
        this.prefix = prefix == null ? null : prefix.getBytes(Charset.defaultCharset());
    }

    /**
     * Starts copying on a daemon thread.
     *
     * @param in the child's stream
     * @param threadName the thread's name
     */
    public void start(InputStream in, String threadName) {
        thread = new Thread(() -> run(in), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                accept(buf, 0, n);
            }
        } catch (IOException ignored) {
            // the child is gone
        }
        flushLine();
    }

    /**
     * Takes bytes, writes every complete line.
     *
     * @param b the bytes
     * @param off where they start
     * @param len how many
     */
    public synchronized void accept(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    /** Writes a last line that had no newline. */
    public synchronized void flushLine() {
        if (line.size() > 0) {
            line.write('\n');
            emit();
        }
    }

    private void emit() {
        byte[] bytes = line.toByteArray();
        line.reset();
        PrintStream out = target.get();
        byte[] p = prefix;
        synchronized (out) {
            if (p != null) {
                out.write(p, 0, p.length);
            }
            out.write(bytes, 0, bytes.length);
            out.flush();
        }
        String text = new String(bytes, 0, bytes.length - 1, Charset.defaultCharset()).stripTrailing();
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(text);
    }

    /** @return the last lines, oldest first */
    public synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    /**
     * Waits for the stream to end.
     *
     * @param millis the longest wait
     */
    public void await(long millis) {
        try {
            if (thread != null) {
                thread.join(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
