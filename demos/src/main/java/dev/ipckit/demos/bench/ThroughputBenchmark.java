package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One-way rate of 64-byte messages, parent to child: {@code Connection.send}, {@code Connection.sendBytes}
 * and {@code Queue.put} with the child taking. The figure is the median of the timed runs, each clocked
 * from the first send until the child reports that it has them all (see {@link OneWay}).
 */
final class ThroughputBenchmark implements Benchmark {
    private static final int PAYLOAD = 64;

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String summary() {
        return "one-way 64-byte messages parent -> child: send, sendBytes, Queue.put/take (msgs/s)";
    }

    @Override
    public void run(IpcContext given, Path out, boolean quick) throws Exception {
        RunInfo info = RunInfo.of(name(), given, out, quick);
        IpcContext ctx = ShmProps.forward(given);
        info.print(System.out, name(), summary());
        int runs = quick ? 1 : 5;
        Table t = new Table(name(), "One-way 64 B messages, parent -> child (msgs/s)",
                Table.Column.text("form"), new Table.Column("msgs per run", "%,d"), new Table.Column("runs", "%d"),
                new Table.Column("median msgs/s", "%,.0f"), new Table.Column("min", "%,.0f"),
                new Table.Column("max", "%,.0f"));
        for (OneWay.Form form : OneWay.Form.values()) {
            boolean queue = form == OneWay.Form.QUEUE;
            int n = queue ? (quick ? 5_000 : 100_000) : (quick ? 50_000 : 1_000_000);
            int warmup = n / 10;
            OneWay.Result r = OneWay.run(ctx, form, PAYLOAD, n, runs, warmup);
            double[] rates = r.msgsPerSecond();
            t.row(form.label, n, runs, OneWay.median(rates), Arrays.stream(rates).min().orElseThrow(),
                    Arrays.stream(rates).max().orElseThrow());
            t.note(form.label + ": runs " + Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray())
                    + " msgs/s after one untimed run of " + String.format("%,d", warmup));
        }
        t.note("clock: from the first send until the child's report that it has them all; serializer "
                + ctx.serializer().name() + " for send; queue capacity " + String.format("%,d", OneWay.QUEUE_CAPACITY));
        if (ctx.transport().equals("sharedmem")) {
            t.note(ShmProps.note());
        }
        t.print(System.out);
        t.write(out, info);
        Children.checkNoneLeft(name());
    }
}
