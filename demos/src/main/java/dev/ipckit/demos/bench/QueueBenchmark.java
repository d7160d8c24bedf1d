package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.PeerClosedException;
import dev.ipckit.Pipe;
import dev.ipckit.Queue;

import java.util.Arrays;

/**
 * One-way rate of 64-byte {@code byte[]} items through a {@link Queue} the parent owns, both ways: the
 * parent puts and a child takes (CPython's {@code Queue} one-way figure), and a child puts and the parent
 * takes. Each run is clocked from the first put until the taker has every item; the median of the runs.
 */
final class QueueBenchmark implements Benchmark {
    private static final int SIZE = 64;
    private static final String READY = "ready";

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String summary() {
        return "one-way 64 B items through a parent's Queue: parent -> child take, child put -> parent (items/s)";
    }

    @Override
    public ChartSpec chart() {
        return ChartSpec.of("Queue, one-way 64 B items (items/s)", "msgs_per_s", "items/s",
                f -> String.valueOf(f.field("direction")), Figure::transport, false);
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int runs = run.quick() ? 1 : 5;
        int n = run.quick() ? 20_000 : 200_000;
        Table t = new Table(name(), "One-way 64 B byte[] items through a Queue owned by the parent",
                Table.Column.text("transport"), Table.Column.text("serializer"), Table.Column.text("direction"),
                new Table.Column("items per run", "%,d"), new Table.Column("runs", "%d"),
                new Table.Column("median items/s", "%,.0f"), new Table.Column("min", "%,.0f"),
                new Table.Column("max", "%,.0f"));
        try (Progress bar = new Progress(name(), (long) run.contexts().size() * 2)) {
            for (IpcContext given : run.contexts()) {
                IpcContext ctx = ShmProps.forward(given);
                for (boolean childTakes : new boolean[] {true, false}) {
                    String direction = childTakes ? "parent put -> child take" : "child put -> parent take";
                    bar.say(ctx.transport() + " " + direction);
                    double[] rates = measure(ctx, childTakes, n, runs);
                    double median = OneWay.median(rates);
                    t.row(ctx.transport(), ctx.serializer().name(), direction, n, runs, median,
                            Arrays.stream(rates).min().orElseThrow(), Arrays.stream(rates).max().orElseThrow());
                    run.figure(BenchRun.figure(name(), ctx, SIZE, "msgs_per_s", median, "items/s")
                            .with("direction", childTakes ? "child-take" : "child-put"));
                    bar.step();
                }
            }
        }
        t.note("clock: from the first put until the taker has every item; one untimed run of a tenth first;"
                + " one child per direction and transport; items are 64-byte byte[] through the serializer");
        t.print(System.out);
        t.write(run.out(), info);
        Children.checkNoneLeft(name());
    }

    private static double[] measure(IpcContext ctx, boolean childTakes, int n, int runs) {
        Queue<byte[]> q = ctx.queue();
        try (Pipe ctl = ctx.pipe()) {
            Connection childEnd = ctl.right();
            IpcProcess p = ctx.process(() -> child(q, childEnd, childTakes)).name("queue-" + (childTakes ? "taker" : "putter"))
                    .start();
            try {
                Connection c = ctl.left();
                byte[] item = Payloads.random(SIZE);
                timedRun(c, q, item, Math.max(1, n / 10), childTakes);
                double[] rates = new double[runs];
                for (int r = 0; r < runs; r++) {
                    rates[r] = n / timedRun(c, q, item, n, childTakes);
                }
                return rates;
            } finally {
                ctl.left().close();
                Children.end(p);
                q.close();
            }
        }
    }

    /** @return seconds from the first put until the taker has all n */
    private static double timedRun(Connection c, Queue<byte[]> q, byte[] item, int n, boolean childTakes) {
        c.send(n);
        if (!READY.equals(c.recv())) {
            throw new IllegalStateException("queue child did not say ready");
        }
        long t0 = System.nanoTime();
        long bytes = 0;
        if (childTakes) {
            for (int i = 0; i < n; i++) {
                q.put(item);
            }
            bytes = (Long) c.recv();
        } else {
            c.send("go");
            for (int i = 0; i < n; i++) {
                bytes += q.take().length;
            }
        }
        long t1 = System.nanoTime();
        if (bytes != (long) n * item.length) {
            throw new IllegalStateException("wrong byte count through the queue, bytes=" + bytes);
        }
        return (t1 - t0) / 1e9;
    }

    /** The child: takes (or puts) n items per run, run after run, until the parent closes the control pipe. */
    private static void child(Queue<byte[]> q, Connection c, boolean take) {
        byte[] item = new byte[SIZE];
        try {
            while (true) {
                int n = (Integer) c.recv();
                c.send(READY);
                if (take) {
                    long bytes = 0;
                    for (int i = 0; i < n; i++) {
                        bytes += q.take().length;
                    }
                    c.send(bytes);
                } else {
                    c.recv(); // "go": the parent's clock runs
                    for (int i = 0; i < n; i++) {
                        q.put(item);
                    }
                }
            }
        } catch (PeerClosedException done) {
            c.close();
        }
    }
}
