package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;

/**
 * Round-trip latency over a duplex {@link Pipe} to a child that echoes what it gets, with
 * {@code send(byte[])}/{@code recv()} through the context's serializer, for payloads of 64 B, 1 KiB, 64 KiB
 * and 1 MiB. Each round trip is timed alone and recorded in an HdrHistogram, so every percentile is of real
 * samples. One echo child per transport serves every payload.
 */
final class RttBenchmark implements Benchmark {

    @Override
    public String name() {
        return "rtt";
    }

    @Override
    public List<String> aliases() {
        return List.of("roundtrip");
    }

    @Override
    public String summary() {
        return "round trip to an echoing child over a Pipe, 64 B to 1 MiB: median, p99, p99.9 (µs)";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("Round trip, median (µs, log scale)", "rtt_p50_us", "µs",
                f -> Payloads.label(f.payloadBytes()), Figure::transport, true);
    }

    /** @return {warm-up, measured} round trips for a payload */
    static int[] counts(int size, boolean quick) {
        if (size <= 1024) {
            return quick ? new int[] {1_000, 3_000} : new int[] {10_000, 50_000};
        }
        if (size <= 64 * 1024) {
            return quick ? new int[] {100, 500} : new int[] {1_000, 10_000};
        }
        return quick ? new int[] {20, 100} : new int[] {100, 1_000};
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        Table t = new Table(name(), "Round trip, parent <-> echoing child, send/recv through the serializer (µs)",
                Table.Column.text("transport"), Table.Column.text("serializer"), Table.Column.text("payload"),
                new Table.Column("round trips", "%,d"), new Table.Column("median", "%,.1f"),
                new Table.Column("p90", "%,.1f"), new Table.Column("p99", "%,.1f"),
                new Table.Column("p99.9", "%,.1f"), new Table.Column("max", "%,.1f"));
        try (Progress bar = new Progress(name(), (long) run.contexts().size() * Payloads.SIZES.size())) {
            for (IpcContext given : run.contexts()) {
                IpcContext ctx = ShmProps.forward(given);
                try (Pipe pipe = ctx.pipe()) {
                    Connection childEnd = pipe.right();
                    IpcProcess p = ctx.process(() -> echo(childEnd)).name("echo").start();
                    try {
                        for (int size : Payloads.SIZES) {
                            bar.say(ctx.transport() + " " + Payloads.label(size));
                            int[] n = counts(size, run.quick());
                            Histogram h = measure(pipe.left(), Payloads.random(size), n[0], n[1]);
                            t.row(ctx.transport(), ctx.serializer().name(), Payloads.label(size), h.getTotalCount(),
                                    us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                                    us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)),
                                    us(h.getMaxValue()));
                            run.figure(BenchRun.figure(name(), ctx, size, "rtt_p50_us", us(h.getValueAtPercentile(50)), "us"));
                            run.figure(BenchRun.figure(name(), ctx, size, "rtt_p99_us", us(h.getValueAtPercentile(99)), "us"));
                            run.figure(BenchRun.figure(name(), ctx, size, "rtt_p999_us",
                                    us(h.getValueAtPercentile(99.9)), "us"));
                            bar.step();
                        }
                    } finally {
                        pipe.left().close(); // the child's recv throws PeerClosedException and its task returns
                        Children.end(p);
                    }
                }
            }
        }
        t.note("payload: random bytes in a byte[]; warm-up, then each round trip timed alone with System.nanoTime;"
                + " percentiles from an HdrHistogram (3 digits); one echo child per transport");
        t.note("round trips per payload (warm-up + timed): " + Payloads.SIZES.stream()
                .map(s -> Payloads.label(s) + " " + Arrays.toString(counts(s, run.quick())))
                .reduce((a, b) -> a + ", " + b).orElse(""));
        if (run.contexts().stream().anyMatch(c -> c.transport().equals("sharedmem"))) {
            t.note(ShmProps.note());
        }
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    private static Histogram measure(Connection c, byte[] payload, int warmup, int measured) {
        Histogram h = new Histogram(60_000_000_000L, 3);
        byte[] back = null;
        for (int i = 0; i < warmup; i++) {
            c.send(payload);
            back = (byte[]) c.recv();
        }
        for (int i = 0; i < measured; i++) {
            long t0 = System.nanoTime();
            c.send(payload);
            back = (byte[]) c.recv();
            h.recordValue(System.nanoTime() - t0);
        }
        if (!Arrays.equals(back, payload)) {
            throw new IllegalStateException("echo differs from what was sent, bytes=" + payload.length);
        }
        return h;
    }

    /** The child: sends back whatever comes, until the parent closes its end. */
    private static void echo(Connection c) {
        try {
            while (true) {
                c.send(c.recv());
            }
        } catch (PeerClosedException done) {
            c.close();
        }
    }

    private static double us(long nanos) {
        return nanos / 1_000.0;
    }
}
