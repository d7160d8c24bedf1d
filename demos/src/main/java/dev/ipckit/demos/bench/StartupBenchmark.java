package dev.ipckit.demos.bench;

import dev.ipckit.Connection;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Child start to first message: the time from {@link IpcProcess#start()} until this JVM has received the
 * child's first message over a one-way pipe, which covers launching the JVM, the bootstrap, the link and
 * the task. Measured plainly, with {@code -XX:TieredStopAtLevel=1}, and with an AppCDS archive of the
 * child's classes (made once at the start, with {@code -XX:ArchiveClassesAtExit}, deleted at the end).
 */
final class StartupBenchmark implements Benchmark {
    private static final byte[] UP = {'u', 'p'};
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String summary() {
        return "child start to first message (ms): plain, C1 only, AppCDS archive, both";
    }

    @Override
    public void run(IpcContext ctx, Path out, boolean quick) throws Exception {
        RunInfo info = RunInfo.of(name(), ctx, out, quick);
        info.print(System.out, name(), summary());
        int runs = quick ? 5 : 30;
        Path dir = Files.createTempDirectory("ipckit-bench-");
        Path archive = dir.resolve("ipckit-child.jsa");
        try {
            Table t = new Table(name(), "Child start -> first message received (ms)", Table.Column.text("JVM options"),
                    new Table.Column("starts", "%d"), new Table.Column("median", "%.1f"),
                    new Table.Column("p90", "%.1f"), new Table.Column("min", "%.1f"), new Table.Column("max", "%.1f"));
            row(t, ctx, "(none)", runs);
            row(t, ctx, C1_ONLY, runs);
            // writes the archive at exit; its warnings (classes CDS cannot store) would only be noise here
            startMillis(ctx.withJvmOptions("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error:stderr"));
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("the child wrote no CDS archive, archive=" + archive);
            }
            String cds = "-XX:SharedArchiveFile=" + archive;
            t.note("AppCDS archive: " + Files.size(archive) / 1024 + " KiB; " + sharedClasses(ctx, cds, dir));
            row(t, ctx, cds.replace(dir.toString(), "<tmp>"), runs, cds);
            row(t, ctx, cds.replace(dir.toString(), "<tmp>") + " " + C1_ONLY, runs, cds, C1_ONLY);
            t.note("each row: one untimed start, then " + runs + " timed; a child sends 2 bytes and returns;"
                    + " percentiles nearest-rank");
            t.note("every child also has the launcher's own options (-Xshare:auto, -Xlog to stderr)");
            t.print(System.out);
            t.write(out, info);
        } finally {
            deleteTree(dir);
            Children.checkNoneLeft(name());
        }
    }

    private static void row(Table t, IpcContext ctx, String label, int runs, String... options) {
        IpcContext c = ctx.withJvmOptions(options);
        startMillis(c); // warm-up: page cache, this JVM's launch path
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = startMillis(c);
        }
        Arrays.sort(ms);
        t.row(label, runs, rank(ms, 50), rank(ms, 90), ms[0], ms[runs - 1]);
    }

    /** @return milliseconds from start() to the first message; the child has ended when this returns */
    private static double startMillis(IpcContext ctx) {
        try (Pipe pipe = ctx.pipe(false)) {
            Connection w = pipe.right();
            IpcProcess p = ctx.process(() -> hello(w)).name("starter");
            long t0 = System.nanoTime();
            p.start();
            byte[] first;
            long t1;
            try {
                first = pipe.left().recvBytes();
                t1 = System.nanoTime();
            } finally {
                Children.end(p);
            }
            if (!Arrays.equals(first, UP)) {
                throw new IllegalStateException("unexpected first message, bytes=" + Arrays.toString(first));
            }
            return (t1 - t0) / 1e6;
        }
    }

    /** The child: one message, then return. */
    private static void hello(Connection w) {
        w.sendBytes(UP);
        w.close();
    }

    /** Starts one child that logs where its classes came from, to show the archive is really used. */
    private static String sharedClasses(IpcContext ctx, String cds, Path dir) throws IOException {
        Path log = dir.resolve("class-load.log");
        startMillis(ctx.withJvmOptions(cds, "-Xlog:class+load=info:file=" + log));
        List<String> lines = Files.readAllLines(log);
        long top = lines.stream().filter(l -> l.contains("shared objects file (top)")).count();
        long base = lines.stream().filter(l -> l.contains("shared objects file")).count() - top;
        return "a child loaded " + lines.size() + " classes, " + top + " from it and " + base
                + " from the JDK's base archive";
    }

    /** @return the nearest-rank percentile of sorted values */
    private static double rank(double[] sorted, double p) {
        int k = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(1, Math.min(k, sorted.length)) - 1];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

