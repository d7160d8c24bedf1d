package dev.ipckit.demos.bench;

import java.util.List;

/** Every benchmark, in the order {@code bench all} runs them, and the transports {@code --transport all} means. */
public final class Benchmarks {
    /** What {@code --transport all} measures, in order; those not on the class path are skipped. */
    public static final List<String> TRANSPORTS = List.of("pipe", "socket", "sharedmem");

    private Benchmarks() {
    }

    /** @return the benchmarks: latency first, then rates, serializers, process start, pools, idle cost */
    public static List<Benchmark> all() {
        return List.of(new RttBenchmark(), new ThroughputBenchmark(), new SerializerBenchmark(),
                new SpawnBenchmark(), new PoolBenchmark(), new IdleBenchmark());
    }

    /**
     * @param name a benchmark's name or one of its older names
     * @return its current name, or {@code name} unchanged if no benchmark has it as an alias
     */
    public static String canonical(String name) {
        return all().stream().filter(b -> b.aliases().contains(name)).map(Benchmark::name).findFirst().orElse(name);
    }
}
