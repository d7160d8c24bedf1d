package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.spi.stream.FrameWriter;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Round-trip latency of a 64-byte message over a duplex {@link Pipe} to a child that echoes it: once as
 * an object ({@code send(byte[64])}, through the context's serializer) and once as bytes
 * ({@code sendBytes}). Each round trip is timed alone and recorded in an HdrHistogram, so every
 * percentile is of real samples, not of averages.
 *
 * <p>Each form runs twice: with the child's writer thread spinning the default time after a flush, and
 * with it parking at once ({@code -Dipckit.writer.spinNanos=0} on the child only; this JVM's setting is
 * fixed when its first link is made).
 */
final class RoundTripBenchmark implements Benchmark {
    private static final int PAYLOAD = 64;
    private static final String SPIN_OFF = "-D" + FrameWriter.SPIN_NANOS_PROP + "=0";

    @Override
    public String name() {
        return "roundtrip";
    }

    @Override
    public String summary() {
        return "64-byte round trip to an echoing child over a Pipe: send vs sendBytes, writer spin on vs off";
    }

    @Override
    public void run(IpcContext given, Path out, boolean quick) throws Exception {
        RunInfo info = RunInfo.of(name(), given, out, quick);
        IpcContext ctx = ShmProps.forward(given);
        info.print(System.out, name(), summary());
        int warmup = quick ? 2_000 : 20_000;
        int measured = quick ? 5_000 : 100_000;
        long parentSpin = Long.getLong(FrameWriter.SPIN_NANOS_PROP, FrameWriter.SPIN_NANOS_DEFAULT);
        Table t = new Table(name(), "Round trip, 64 B, parent <-> echoing child (µs)",
                Table.Column.text("form"), new Table.Column("child spin ns", "%d"),
                new Table.Column("round trips", "%,d"), new Table.Column("median", "%.1f"),
                new Table.Column("p90", "%.1f"), new Table.Column("p99", "%.1f"),
                new Table.Column("p99.9", "%.1f"), new Table.Column("max", "%.1f"),
                new Table.Column("mean", "%.1f"));
        for (boolean spinOff : new boolean[] {false, true}) {
            for (boolean raw : new boolean[] {false, true}) {
                IpcContext c = spinOff ? ctx.withJvmOptions(SPIN_OFF) : ctx;
                Histogram h = measure(c, raw, warmup, measured);
                t.row(raw ? "sendBytes/recvBytes" : "send/recv (" + ctx.serializer().name() + ")",
                        spinOff ? 0L : FrameWriter.SPIN_NANOS_DEFAULT, h.getTotalCount(), us(h.getValueAtPercentile(50)),
                        us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
                        us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getMean() / 1_000.0);
            }
        }
        t.note("warm-up " + String.format("%,d", warmup) + " round trips, then " + String.format("%,d", measured)
                + " timed one by one with System.nanoTime; percentiles from an HdrHistogram (3 digits)");
        t.note("child spin: the child's -D" + FrameWriter.SPIN_NANOS_PROP + "; the parent's stays " + parentSpin
                + " ns in every row (read once per JVM)");
        t.note("payload: a byte[64] of random bytes; one fresh child per row");
        if (ctx.transport().equals("sharedmem")) {
            t.note(ShmProps.note());
        }
        t.print(System.out);
        t.write(out, info);
        Children.checkNoneLeft(name());
    }

    private static Histogram measure(IpcContext ctx, boolean raw, int warmup, int measured) {
        byte[] payload = new byte[PAYLOAD];
        new Random(42).nextBytes(payload);
        Histogram h = new Histogram(60_000_000_000L, 3);
        try (Pipe pipe = ctx.pipe()) {
            Connection childEnd = pipe.right();
            IpcProcess p = ctx.process(() -> echo(childEnd, raw)).name(raw ? "echo-bytes" : "echo-obj").start();
            Connection c = pipe.left();
            byte[] back = null;
            try {
                for (int i = 0; i < warmup; i++) {
                    back = roundTrip(c, payload, raw);
                }
                for (int i = 0; i < measured; i++) {
                    long t0 = System.nanoTime();
                    back = roundTrip(c, payload, raw);
                    h.recordValue(System.nanoTime() - t0);
                }
            } finally {
                c.close(); // the child's recv throws PeerClosedException and its task returns
                Children.end(p);
            }
            if (!Arrays.equals(back, payload)) {
                throw new IllegalStateException("echo differs from what was sent, raw=" + raw);
            }
        }
        return h;
    }

    private static byte[] roundTrip(Connection c, byte[] payload, boolean raw) {
        if (raw) {
            c.sendBytes(payload);
            return c.recvBytes();
        }
        c.send(payload);
        return (byte[]) c.recv();
    }

    /** The child: sends back whatever comes, until the parent closes its end. */
    private static void echo(Connection c, boolean raw) {
        try {
            while (true) {
                if (raw) {
                    c.sendBytes(c.recvBytes());
                } else {
                    c.send(c.recv());
                }
            }
        } catch (PeerClosedException done) {
            c.close();
        }
    }

    private static double us(long nanos) {
        return nanos / 1_000.0;
    }
}
