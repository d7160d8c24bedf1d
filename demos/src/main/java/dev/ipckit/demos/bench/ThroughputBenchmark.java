package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;

import java.util.Arrays;
import java.util.List;

/**
 * One-way rate, parent to child, with {@code Connection.send(byte[])} through the context's serializer, for
 * payloads of 64 B, 1 KiB, 64 KiB and 1 MiB: messages per second and MB/s (1e6 bytes). Each figure is the
 * median of the timed runs, each clocked from the first send until the child reports that it has them all
 * (see {@link OneWay}).
 */
final class ThroughputBenchmark implements Benchmark {

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public List<String> aliases() {
        return List.of("bandwidth");
    }

    @Override
    public String summary() {
        return "one-way messages parent -> child, 64 B to 1 MiB: msgs/s and MB/s";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("One-way throughput (MB/s, log scale)", "mb_per_s", "MB/s",
                f -> Payloads.label(f.payloadBytes()), Figure::transport, true);
    }

    /** @return messages per timed run for a payload */
    static int messages(int size, boolean quick) {
        return switch (size) {
            case 64 -> quick ? 50_000 : 1_000_000;
            case 1024 -> quick ? 20_000 : 500_000;
            case 64 * 1024 -> quick ? 1_000 : 20_000;
            default -> quick ? 50 : 1_000;
        };
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int runs = run.quick() ? 1 : 5;
        Table t = new Table(name(), "One-way, parent -> child, send(byte[]) through the serializer",
                Table.Column.text("transport"), Table.Column.text("serializer"), Table.Column.text("payload"),
                new Table.Column("msgs per run", "%,d"), new Table.Column("runs", "%d"),
                new Table.Column("median msgs/s", "%,.0f"), new Table.Column("median MB/s", "%,.1f"),
                new Table.Column("min MB/s", "%,.1f"), new Table.Column("max MB/s", "%,.1f"));
        try (Progress bar = new Progress(name(), (long) run.contexts().size() * Payloads.SIZES.size())) {
            for (IpcContext given : run.contexts()) {
                IpcContext ctx = ShmProps.forward(given);
                try (OneWay sink = OneWay.open(ctx)) {
                    for (int size : Payloads.SIZES) {
                        bar.say(ctx.transport() + " " + Payloads.label(size));
                        byte[] payload = Payloads.random(size);
                        int n = messages(size, run.quick());
                        sink.timedRun(payload, Math.max(1, n / 10)); // warm-up
                        double[] seconds = new double[runs];
                        for (int r = 0; r < runs; r++) {
                            seconds[r] = sink.timedRun(payload, n);
                        }
                        double[] rates = Arrays.stream(seconds).map(s -> n / s).toArray();
                        double[] mbs = Arrays.stream(seconds).map(s -> (double) n * size / s / 1e6).toArray();
                        double rate = OneWay.median(rates);
                        double mb = OneWay.median(mbs);
                        t.row(ctx.transport(), ctx.serializer().name(), Payloads.label(size), n, runs, rate, mb,
                                Arrays.stream(mbs).min().orElseThrow(), Arrays.stream(mbs).max().orElseThrow());
                        run.figure(BenchRun.figure(name(), ctx, size, "msgs_per_s", rate, "msgs/s"));
                        run.figure(BenchRun.figure(name(), ctx, size, "mb_per_s", mb, "MB/s"));
                        bar.step();
                    }
                }
            }
        }
        t.note("clock: from the first send until the child's report that it has them all; one untimed run of a"
                + " tenth of the messages first; MB = 1e6 bytes; one sink child per transport");
        if (run.contexts().stream().anyMatch(c -> c.transport().equals("sharedmem"))) {
            t.note(ShmProps.note());
        }
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }
}
