package dev.ipckit.demos.bench;

import java.util.List;

/** Every benchmark, in the order {@code bench all} runs them. */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** @return the benchmarks: latency first, then rates, then process start, then idle cost */
    public static List<Benchmark> all() {
        return List.of(new RoundTripBenchmark(), new ThroughputBenchmark(), new BandwidthBenchmark(),
                new StartupBenchmark(), new PoolBenchmark(), new IdleBenchmark(), new ClusterBenchmark());
    }
}
