package dev.ipckit.demos;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.demos.bench.BenchRun;
import dev.ipckit.demos.bench.Benchmark;
import dev.ipckit.demos.bench.Benchmarks;
import dev.ipckit.serial.Serializers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code java -jar ipckit-demos.jar demo all | demo <name> | demo --list | bench all | bench <name>}.
 */
@Command(name = "ipckit-demos", mixinStandardHelpOptions = true, version = "ipckit 0.1.0",
        description = "The programs of the seed articles on ipckit, and the benchmarks.",
        subcommands = {Main.DemoCommand.class, Main.BenchCommand.class, Main.WorkerCommand.class})
public final class Main implements Runnable {

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * Lists entries ({@code --list}), or picks those to run: {@code all}, an exact name, or every name that
     * starts with {@code NAME-} ({@code 003} picks both seed-003 demos).
     *
     * @return what to run (nothing after a listing), or null for an unknown name (reported)
     */
    static <T> List<T> choose(String kind, List<T> all, java.util.function.Function<T, String> nameOf,
                              java.util.function.Function<T, String> summaryOf, boolean list, String name) {
        if (list) {
            all.forEach(e -> System.out.printf("%-28s %s%n", nameOf.apply(e), summaryOf.apply(e)));
            return List.of();
        }
        List<T> chosen = "all".equals(name) ? all : all.stream()
                .filter(e -> nameOf.apply(e).equals(name) || nameOf.apply(e).startsWith(name + "-")).toList();
        if (chosen.isEmpty()) {
            System.err.println("unknown " + kind + ", name=" + name + "; try --list");
            return null;
        }
        return chosen;
    }

    /** Options every sub-command shares. */
    static class Common {
        @Option(names = "--transport", defaultValue = "pipe",
                description = "pipe | socket | sharedmem; for bench also 'all' (default: ${DEFAULT-VALUE})")
        String transport;

        @Option(names = "--serializer", defaultValue = "kryo", description = "kryo | fory | java | raw (default: ${DEFAULT-VALUE})")
        String serializer;

        IpcContext context() {
            return Ipc.context(transport).withSerializer(Serializers.byName(serializer));
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Run one demo, or all of them.")
    static final class DemoCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--list", description = "List the demos and exit.")
        boolean list;

        @Option(names = "--quick", description = "Shorter sleeps and smaller inputs that show the same (as the tests run them).")
        boolean quick;

        @Parameters(arity = "0..1", paramLabel = "NAME", description = "A demo's name, or 'all' (default).")
        String name = "all";

        @Override
        public Integer call() throws Exception {
            List<Demo> chosen = choose("demo", Demos.all(), Demo::name, Demo::summary, list, name);
            if (chosen == null) {
                return 2;
            }
            IpcContext ctx = common.context();
            for (Demo d : chosen) {
                System.out.println();
                System.out.println("=== " + d.name() + ": " + d.summary() + " [transport=" + ctx.transport()
                        + ", serializer=" + ctx.serializer().name() + "]");
                d.run(ctx, quick);
            }
            return 0;
        }
    }

    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = "Join a listening parent (the remote-workers demo), or with --cluster a Hazelcast cluster, from this or another host.")
    static final class WorkerCommand implements Callable<Integer> {
        @Option(names = "--connect", paramLabel = "HOST:PORT", description = "The parent's address.")
        String connect;

        @Option(names = "--authkey-file", paramLabel = "FILE",
                description = "A file holding the authkey in hex, or '-' for stdin (never on the command line).")
        String authkeyFile;

        @CommandLine.Mixin
        ClusterWorker.Options cluster = new ClusterWorker.Options();

        @Override
        public Integer call() throws Exception {
            if (cluster.requested()) {
                return ClusterWorker.run(cluster);
            }
            if (connect == null || authkeyFile == null) {
                System.err.println("worker wants --connect HOST:PORT --authkey-file FILE, or --cluster HOST:PORT,... --secret-file FILE");
                return 2;
            }
            int colon = connect.lastIndexOf(':');
            if (colon < 0) {
                System.err.println("--connect wants HOST:PORT, got " + connect);
                return 2;
            }
            RemoteWorker.run(new java.net.InetSocketAddress(connect.substring(0, colon),
                    Integer.parseInt(connect.substring(colon + 1))), authkeyFile);
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Run one benchmark, or all of them.")
    static final class BenchCommand implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--list", description = "List the benchmarks and exit.")
        boolean list;

        @Option(names = "--out", defaultValue = "bench-results", description = "Where each table goes as CSV and JSON (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--json", paramLabel = "FILE", description = "Append every figure to FILE, one JSON object a line.")
        Path json;

        @Option(names = "--chart", paramLabel = "DIR", description = "Write a PNG chart per benchmark into DIR.")
        Path chart;

        @Option(names = "--quick", description = "Fewer iterations: a smoke run, not figures to quote.")
        boolean quick;

        @Parameters(arity = "0..1", paramLabel = "NAME", description = "A benchmark's name, or 'all' (default).")
        String name = "all";

        @Override
        public Integer call() throws Exception {
            List<Benchmark> chosen = choose("benchmark", Benchmarks.all(), Benchmark::name,
                    b -> b.summary() + (b.aliases().isEmpty() ? "" : " (also: " + String.join(", ", b.aliases()) + ")"),
                    list, Benchmarks.canonical(name));
            if (chosen == null) {
                return 2;
            }
            if (chosen.isEmpty()) {
                return 0;
            }
            BenchRun run = new BenchRun(Benchmarks.contexts(common.transport, Serializers.byName(common.serializer)),
                    common.transport, quick, out, json, chart);
            for (Benchmark b : chosen) {
                b.run(run);
                Path png = run.chart(b);
                if (png != null) {
                    System.out.println("chart: " + png);
                }
            }
            return 0;
        }
    }
}
