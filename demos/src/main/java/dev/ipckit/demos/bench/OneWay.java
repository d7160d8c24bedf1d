package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.Queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Timed one-way runs, parent to a sink child: for each run the parent tells the child how many messages
 * to expect, waits until it says it is ready, then starts the clock, sends them all, and stops the clock
 * when the child reports that it has received every one (and how many bytes). One child serves the
 * warm-up run and all timed runs of a form, and ends when the parent closes the control connection.
 */
final class OneWay {
    /** Bounded, so a fast putter cannot heap up the whole run in the owner's memory. */
    static final int QUEUE_CAPACITY = 10_000;
    private static final String READY = "ready";

    /** How the messages travel. */
    enum Form {
        /** {@link Connection#send} of a {@code byte[]}: through the serializer. */
        SEND("Connection.send(byte[])"),
        /** {@link Connection#sendBytes}: the bytes as they are. */
        SEND_BYTES("Connection.sendBytes(byte[])"),
        /** {@link Queue#put} by the owner, {@link Queue#take} by the child: one remote call per take. */
        QUEUE("Queue.put / child take()");

        final String label;

        Form(String label) {
            this.label = label;
        }
    }

    /**
     * @param form how the messages travelled
     * @param size the payload of each message, in bytes
     * @param messages messages per timed run
     * @param seconds the time of each timed run
     */
    record Result(Form form, int size, int messages, double[] seconds) {
        double[] msgsPerSecond() {
            return Arrays.stream(seconds).map(s -> messages / s).toArray();
        }

        double[] gbPerSecond() {
            return Arrays.stream(seconds).map(s -> (double) messages * size / s / 1e9).toArray();
        }
    }

    private OneWay() {
    }

    /**
     * @param warmup messages in one untimed run first, or 0 for none
     * @return the timed runs
     */
    static Result run(IpcContext ctx, Form form, int size, int messages, int runs, int warmup) {
        byte[] payload = new byte[size];
        new Random(42).nextBytes(payload);
        Queue<byte[]> queue = form == Form.QUEUE ? ctx.queue(QUEUE_CAPACITY) : null;
        Pipe pipe = ctx.pipe();
        Connection childEnd = pipe.right();
        boolean raw = form == Form.SEND_BYTES;
        IpcProcess p = (queue != null ? ctx.process(() -> sinkQueue(childEnd, queue))
                : ctx.process(() -> sinkPipe(childEnd, raw))).name("sink-" + form.name().toLowerCase()).start();
        Connection c = pipe.left();
        double[] seconds = new double[runs];
        try {
            if (warmup > 0) {
                timedRun(c, queue, form, payload, warmup);
            }
            for (int i = 0; i < runs; i++) {
                seconds[i] = timedRun(c, queue, form, payload, messages);
            }
        } finally {
            c.close();
            Children.end(p);
            if (queue != null) {
                queue.close();
            }
        }
        return new Result(form, size, messages, seconds);
    }

    private static double timedRun(Connection c, Queue<byte[]> queue, Form form, byte[] payload, int n) {
        c.send(n);
        Object ready = c.recv();
        if (!READY.equals(ready)) {
            throw new IllegalStateException("sink did not say ready, got=" + ready);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            switch (form) {
                case SEND -> c.send(payload);
                case SEND_BYTES -> c.sendBytes(payload);
                case QUEUE -> queue.put(payload);
            }
        }
        long bytes = (Long) c.recv();
        long t1 = System.nanoTime();
        if (bytes != (long) n * payload.length) {
            throw new IllegalStateException("sink saw the wrong number of bytes, bytes=" + bytes + ", expected="
                    + (long) n * payload.length);
        }
        return (t1 - t0) / 1e9;
    }

    /** The child, for the pipe forms: counts what arrives on the connection itself. */
    private static void sinkPipe(Connection c, boolean raw) {
        try {
            while (true) {
                int n = (Integer) c.recv();
                c.send(READY);
                long bytes = 0;
                for (int i = 0; i < n; i++) {
                    bytes += raw ? c.recvBytes().length : ((byte[]) c.recv()).length;
                }
                c.send(bytes);
            }
        } catch (PeerClosedException done) {
            c.close();
        }
    }

    /** The child, for the queue form: control on the connection, data from the queue. */
    private static void sinkQueue(Connection c, Queue<byte[]> q) {
        try {
            while (true) {
                int n = (Integer) c.recv();
                c.send(READY);
                long bytes = 0;
                for (int i = 0; i < n; i++) {
                    bytes += q.take().length;
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

    static List<Double> list(double[] values) {
        List<Double> l = new ArrayList<>();
        for (double v : values) {
            l.add(v);
        }
        return l;
    }
}
