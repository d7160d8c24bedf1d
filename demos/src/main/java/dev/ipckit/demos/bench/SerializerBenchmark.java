package dev.ipckit.demos.bench;

import dev.ipckit.serial.Serializers;
import dev.ipckit.demos.bench.jmh.SerializerJmh;
import dev.ipckit.demos.bench.jmh.Shapes;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encode ns, decode ns and encoded bytes of each serializer (kryo, fory, java, raw) for the {@link Shapes}: a
 * small object, a 1 KiB record, a collection of 1,000 small objects, {@code long[1000]}, {@code double[1000]},
 * a chunk of 1,000 boxed ints, a pool's work message and a 1 MiB array, with JMH ({@link SerializerJmh}). The
 * raw serializer takes only bytes, so it has the array only. Independent of the transport: it runs once per
 * {@code bench}.
 */
final class SerializerBenchmark implements Benchmark {

    @Override
    public String name() {
        return "serializer";
    }

    @Override
    public String summary() {
        return "JMH: encode ns, decode ns, encoded bytes per serializer (kryo, fory, java, raw) for small objects,"
                + " 1 KiB records, primitive arrays, 1,000 boxed ints, a pool's work message and 1 MiB";
    }

    @Override
    public ChartSpec chart() {
        return new ChartSpec("Serializers: encode and decode (ns per value, log scale)", List.of("encode_ns", "decode_ns"),
                "ns", f -> Shapes.label((String) f.field("shape")),
                f -> f.serializer() + " " + f.metric().substring(0, f.metric().indexOf('_')), true);
    }

    /** @return the (serializer, shape) pairs measured: raw takes bytes only */
    static List<String[]> cases() {
        List<String[]> cases = new ArrayList<>();
        for (String s : Serializers.NAMES) {
            for (String shape : Shapes.NAMES) {
                if (!s.equals("raw") || shape.equals("array")) {
                    cases.add(new String[] {s, shape});
                }
            }
        }
        return cases;
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        boolean quick = run.quick();
        Table t = new Table(name(), "Serializers, one value per operation (JMH, average time)",
                Table.Column.text("serializer"), Table.Column.text("value"), new Table.Column("encode ns", "%,.0f"),
                new Table.Column("± ns", "%,.0f"), new Table.Column("decode ns", "%,.0f"),
                new Table.Column("± ns", "%,.0f"), new Table.Column("encoded bytes", "%,d"));
        List<String[]> cases = cases();
        try (Progress bar = new Progress(name(), cases.size())) {
            for (String[] c : cases) {
                bar.say(c[0] + " " + c[1]);
                ChainedOptionsBuilder o = new OptionsBuilder()
                        .include(SerializerJmh.class.getName() + "\\.(encode|decode)$")
                        .param("serializer", c[0]).param("shape", c[1])
                        .verbosity(VerboseMode.SILENT).shouldFailOnError(true);
                if (quick) {
                    o.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                            .measurementIterations(2).measurementTime(TimeValue.milliseconds(200));
                } else {
                    o.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                            .measurementIterations(5).measurementTime(TimeValue.seconds(1));
                }
                Collection<RunResult> results = new Runner(o.build()).run();
                double[] enc = score(results, "encode");
                double[] dec = score(results, "decode");
                int bytes = dev.ipckit.serial.Serializers.byName(c[0]).encode(Shapes.make(c[1])).length;
                t.row(c[0], Shapes.label(c[1]), enc[0], error(enc[1]), dec[0], error(dec[1]), bytes);
                run.figure(BenchRun.figure(name(), null, null, "encode_ns", enc[0], "ns").with("shape", c[1])
                        .withSerializer(c[0]));
                run.figure(BenchRun.figure(name(), null, null, "decode_ns", dec[0], "ns").with("shape", c[1])
                        .withSerializer(c[0]));
                run.figure(BenchRun.figure(name(), null, null, "encoded_bytes", bytes, "bytes").with("shape", c[1])
                        .withSerializer(c[0]));
                bar.step();
            }
        }
        t.note(quick ? "QUICK: in this JVM (no fork), 1 x 200 ms warm-up, 2 x 200 ms measured: smoke figures"
                : "one forked JVM per case, 3 x 1 s warm-up, 5 x 1 s measured; ± is JMH's 99.9% confidence half-width");
        t.note("small object: a record of a long, a String, a double and an int; 1 KiB record: a title, 800"
                + " characters, 32 ints and three numbers; the collection: an ArrayList of 1,000 small objects;"
                + " 1,000 boxed ints: an Object[] (a pool chunk Packed leaves boxed); pool work: PoolWire.Work's"
                + " shape, a capturing lambda and an int[1000]; the array: 1 MiB of random bytes");
        t.print(System.out);
        t.write(run.out(), info);
    }

    /** @return JMH's error as a number, or "–" when too few iterations ran to have one */
    private static Object error(double err) {
        return Double.isNaN(err) ? "–" : (Object) err;
    }

    /** @return {score, error} of the benchmark method named {@code method} */
    private static double[] score(Collection<RunResult> results, String method) {
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                double err = r.getPrimaryResult().getScoreError();
                return new double[] {r.getPrimaryResult().getScore(), err};
            }
        }
        throw new IllegalStateException("JMH returned no result, method=" + method);
    }
}
