package dev.ipckit.demos.bench;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pool;
import dev.ipckit.Queue;
import dev.ipckit.hazelcast.ClusterMember;
import dev.ipckit.hazelcast.ClusterOptions;
import dev.ipckit.hazelcast.ClusterPool;
import dev.ipckit.hazelcast.HazelcastCluster;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What crossing the network costs: the cluster pool (module ipc-hazelcast) on two member JVMs of one worker
 * each, on this host's loopback, beside the local process pool of two workers and the thread pool, in one
 * run — per-task overhead of {@code map(x -> x + 1)} at chunk size 1 and 1000, the latency of one
 * {@code applyAsync} call, and queue messages per second from a producer in another process to a consumer
 * here. Members are child JVMs started with ipckit's process API and killed at the end.
 */
final class ClusterBenchmark implements Benchmark {
    private static final int MEMBERS = 2;
    private static final int QUEUE_CAPACITY = 1024;

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public String summary() {
        return "cluster pool (2 Hazelcast members) vs local pool: µs/task at chunksize 1 and 1000, call latency, queue msgs/s";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        IpcContext ctx = run.first();
        Path out = run.out();
        boolean quick = run.quick();
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int n = quick ? 2_000 : 20_000;
        int runs = quick ? 1 : 5;
        int calls = quick ? 200 : 2_000;
        int msgs = quick ? 2_000 : 20_000;
        List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
        Table pools = new Table(name(), "map(x -> x + 1) over " + String.format("%,d", n) + " ints, 2 workers in all: "
                + "overhead per task (µs)", Table.Column.text("pool"), new Table.Column("chunksize", "%d"),
                new Table.Column("runs", "%d"), new Table.Column("median µs/task", "%.2f"),
                new Table.Column("min", "%.2f"), new Table.Column("max", "%.2f"));
        Table latency = new Table(name() + "-latency", "One applyAsync(x -> x + 1) at a time: round trip (µs), "
                + String.format("%,d", calls) + " calls", Table.Column.text("pool"),
                new Table.Column("p50 µs", "%,.0f"), new Table.Column("p90 µs", "%,.0f"),
                new Table.Column("p99 µs", "%,.0f"));
        Table queues = new Table(name() + "-queue", "Queue of ints, producer in another process -> consumer here, capacity "
                + QUEUE_CAPACITY + " (msgs/s)", Table.Column.text("queue"), new Table.Column("msgs per run", "%,d"),
                new Table.Column("runs", "%d"), new Table.Column("median msgs/s", "%,.0f"),
                new Table.Column("min", "%,.0f"), new Table.Column("max", "%,.0f"));

        List<IpcProcess> members = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            ClusterOptions options = startMembers(ctx, members);
            try (HazelcastCluster cluster = HazelcastCluster.connect(options)) {
                if (!cluster.awaitMembers(MEMBERS, Duration.ofSeconds(60))) {
                    throw new IllegalStateException("cluster members did not join, members=" + cluster.members());
                }
                pools.note(String.format("cluster start: %d member JVMs up and joined, client connected, in %.1f s",
                        MEMBERS, (System.nanoTime() - t0) / 1e9));
                try (ClusterPool clusterPool = cluster.pool(); Pool local = ctx.pool(MEMBERS);
                     Pool threads = Ipc.threadPool(MEMBERS)) {
                    for (int chunksize : new int[] {1, 1000}) {
                        double cl = row(pools, "cluster (2 members x 1 worker)", clusterPool, items, chunksize, runs);
                        double lo = row(pools, "local process pool (" + ctx.transport() + ")", local, items, chunksize,
                                runs);
                        double th = row(pools, "thread pool", threads, items, chunksize, runs);
                        run.figure(BenchRun.figure(name(), null, null, "per_task_us", cl, "us")
                                .with("chunksize", chunksize).with("pool", "cluster"));
                        run.figure(BenchRun.figure(name(), ctx, null, "per_task_us", lo, "us")
                                .with("chunksize", chunksize).with("pool", "process"));
                        run.figure(BenchRun.figure(name(), null, null, "per_task_us", th, "us")
                                .with("chunksize", chunksize).with("pool", "thread"));
                    }
                    latency(latency, "cluster (2 members x 1 worker)", clusterPool, calls);
                    latency(latency, "local process pool (" + ctx.transport() + ")", local, calls);
                    Queue<Integer> cq = cluster.queue(QUEUE_CAPACITY);
                    queueRow(queues, "cluster IQueue: member -> client", cq, msgs, runs,
                            m -> clusterPool.applyAsync(k -> {
                                for (int i = 0; i < k; i++) {
                                    cq.put(i);
                                }
                                return k;
                            }, m));
                    cq.close();
                }
            }
            localQueue(queues, ctx, msgs, runs);
        } finally {
            for (IpcProcess p : members) {
                p.kill();
                p.join(Duration.ofSeconds(10));
            }
        }
        pools.note("each run is timed alone after one untimed run; µs/task = wall time / tasks; members and the local"
                + " pool's workers share this host's cores with this JVM");
        latency.note("HdrHistogram of " + String.format("%,d", calls) + " sequential calls after " + calls / 10
                + " untimed ones");
        queues.note("clock: from the producer's start until the consumer here has taken them all; items are Integers");
        for (Table t : List.of(pools, latency, queues)) {
            t.print(System.out);
            System.out.println();
            t.write(out, info);
        }
        Children.checkNoneLeft(name());
    }

    /** Starts the member JVMs on free loopback ports, in parallel, with a fresh cluster name and secret. */
    private static ClusterOptions startMembers(IpcContext ctx, List<IpcProcess> members) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            }
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        ClusterOptions options = ClusterOptions.defaults().withClusterName("ipckit-bench-" + UUID.randomUUID())
                .withSecret(secret).withWorkers(1)
                .withMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        List<Queue<String>> reports = new ArrayList<>();
        for (int port : ports) {
            Queue<String> report = ctx.queue();
            reports.add(report);
            members.add(ctx.process(ClusterMember.runner(options.withPort(port), report)).name("member-" + port)
                    .daemon(true).jvmOptions(ClusterMember.JVM_OPTIONS.toArray(String[]::new)).start());
        }
        for (Queue<String> r : reports) {
            String line = r.poll(Duration.ofSeconds(90));
            if (line == null || !line.startsWith("up ")) {
                throw new IllegalStateException("a cluster member did not start, report=" + line);
            }
        }
        return options;
    }

    /** @return the median µs per task */
    private static double row(Table t, String label, Pool pool, List<Integer> items, int chunksize, int runs) {
        pool.map(x -> x + 1, items, chunksize);
        double[] us = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            List<Integer> got = pool.map(x -> x + 1, items, chunksize);
            us[r] = (System.nanoTime() - t0) / 1e3 / items.size();
            if (got.get(got.size() - 1) != items.size()) {
                throw new IllegalStateException("wrong result");
            }
        }
        t.row(label, chunksize, runs, OneWay.median(us), Arrays.stream(us).min().orElseThrow(),
                Arrays.stream(us).max().orElseThrow());
        return OneWay.median(us);
    }

    private static void latency(Table t, String label, Pool pool, int calls) throws Exception {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (int i = -calls / 10; i < calls; i++) {
            long t0 = System.nanoTime();
            int r = pool.<Integer, Integer>applyAsync(x -> x + 1, i).get(30, TimeUnit.SECONDS);
            long ns = System.nanoTime() - t0;
            if (r != i + 1) {
                throw new IllegalStateException("wrong result");
            }
            if (i >= 0) {
                h.recordValue(ns);
            }
        }
        t.row(label, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                h.getValueAtPercentile(99) / 1e3);
    }

    /** A producer of {@code n} items, started elsewhere; returns when it has put them all. */
    private interface Producer {
        CompletableFuture<?> start(int n) throws Exception;
    }

    private static void queueRow(Table t, String label, Queue<Integer> q, int msgs, int runs, Producer producer)
            throws Exception {
        double[] rates = new double[runs];
        for (int r = -1; r < runs; r++) {
            int n = r < 0 ? msgs / 10 : msgs;
            long t0 = System.nanoTime();
            CompletableFuture<?> done = producer.start(n);
            for (int i = 0; i < n; i++) {
                q.take();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            done.get(60, TimeUnit.SECONDS);
            if (r >= 0) {
                rates[r] = n / seconds;
            }
        }
        t.row(label, msgs, runs, OneWay.median(rates), Arrays.stream(rates).min().orElseThrow(),
                Arrays.stream(rates).max().orElseThrow());
    }

    /** The local queue, same shape: a child process puts, this process takes. */
    private static void localQueue(Table t, IpcContext ctx, int msgs, int runs) throws Exception {
        Queue<Integer> q = ctx.queue(QUEUE_CAPACITY);
        Queue<Integer> go = ctx.queue();
        Queue<Integer> finished = ctx.queue();
        IpcProcess child = ctx.process(() -> {
            int k;
            while ((k = go.take()) > 0) {
                for (int i = 0; i < k; i++) {
                    q.put(i);
                }
                finished.put(k);
            }
        }).name("queue-producer").start();
        try {
            queueRow(t, "local queue (" + ctx.transport() + "): child -> parent", q, msgs, runs, k -> {
                go.put(k);
                return CompletableFuture.supplyAsync(() -> finished.poll(Duration.ofSeconds(60)));
            });
            go.put(0);
        } finally {
            Children.end(child);
        }
    }
}
