package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One-way bandwidth of 1 MiB {@code byte[]} messages sent with {@code sendBytes}, parent to child, in
 * GB/s (1e9 bytes/s): the median of the timed runs (see {@link OneWay}).
 */
final class BandwidthBenchmark implements Benchmark {
    private static final int PAYLOAD = 1 << 20;

    @Override
    public String name() {
        return "bandwidth";
    }

    @Override
    public String summary() {
        return "one-way 1 MiB messages parent -> child with sendBytes (GB/s)";
    }

    @Override
    public void run(IpcContext given, Path out, boolean quick) throws Exception {
        RunInfo info = RunInfo.of(name(), given, out, quick);
        IpcContext ctx = ShmProps.forward(given);
        info.print(System.out, name(), summary());
        int runs = quick ? 1 : 5;
        int n = quick ? 100 : 2_000;
        int warmup = quick ? 20 : 200;
        OneWay.Result r = OneWay.run(ctx, OneWay.Form.SEND_BYTES, PAYLOAD, n, runs, warmup);
        double[] gbs = r.gbPerSecond();
        Table t = new Table(name(), "One-way 1 MiB messages, parent -> child (GB/s = 1e9 B/s)",
                Table.Column.text("form"), new Table.Column("msgs per run", "%,d"), new Table.Column("runs", "%d"),
                new Table.Column("median GB/s", "%.2f"), new Table.Column("min", "%.2f"),
                new Table.Column("max", "%.2f"), new Table.Column("median msgs/s", "%,.0f"));
        t.row(OneWay.Form.SEND_BYTES.label, n, runs, OneWay.median(gbs), Arrays.stream(gbs).min().orElseThrow(),
                Arrays.stream(gbs).max().orElseThrow(), OneWay.median(r.msgsPerSecond()));
        t.note("runs " + Arrays.toString(Arrays.stream(gbs).map(g -> Math.round(g * 100) / 100.0).toArray())
                + " GB/s after one untimed run of " + warmup + " messages");
        t.note("clock: from the first send until the child's report that it has received every byte");
        if (ctx.transport().equals("sharedmem")) {
            t.note(ShmProps.note());
        }
        t.print(System.out);
        t.write(out, info);
        Children.checkNoneLeft(name());
    }
}
