package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;

import java.util.Arrays;

/**
 * A sink child for one-way runs, parent to child, with {@code Connection.send(byte[])} (through the
 * context's serializer): for each run the parent tells the child how many messages to expect, waits until
 * it says it is ready, then starts the clock, sends them all, and stops the clock when the child reports
 * that it has every one (and how many bytes). One child serves every run; it ends when the parent closes.
 * <b>Not thread-safe.</b>
 */
final class OneWay implements AutoCloseable {
    private static final String READY = "ready";
    private final Pipe pipe;
    private final IpcProcess child;
    private final Connection c;

    private OneWay(IpcContext ctx) {
        pipe = ctx.pipe();
        Connection childEnd = pipe.right();
        child = ctx.process(() -> sink(childEnd)).name("sink").start();
        c = pipe.left();
    }

    /** @return a sink child on the context's transport, started */
    static OneWay open(IpcContext ctx) {
        return new OneWay(ctx);
    }

    /**
     * @param payload what each message carries
     * @param n how many messages
     * @return the seconds from the first send until the child has them all
     */
    double timedRun(byte[] payload, int n) {
        c.send(n);
        Object ready = c.recv();
        if (!READY.equals(ready)) {
            throw new IllegalStateException("sink did not say ready, got=" + ready);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            c.send(payload);
        }
        long bytes = (Long) c.recv();
        long t1 = System.nanoTime();
        if (bytes != (long) n * payload.length) {
            throw new IllegalStateException("sink saw the wrong number of bytes, bytes=" + bytes + ", expected="
                    + (long) n * payload.length);
        }
        return (t1 - t0) / 1e9;
    }

    @Override
    public void close() {
        c.close(); // the child's recv throws PeerClosedException and its task returns
        Children.end(child);
        pipe.close();
    }

    /** The child: counts what arrives, run after run. */
    private static void sink(Connection c) {
        try {
            while (true) {
                int n = (Integer) c.recv();
                c.send(READY);
                long bytes = 0;
                for (int i = 0; i < n; i++) {
                    bytes += ((byte[]) c.recv()).length;
                }
                c.send(bytes);
            }
        } catch (PeerClosedException done) {
            c.close();
        }
    }

    /** @return the median of the values (the mean of the middle two for an even count) */
    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
