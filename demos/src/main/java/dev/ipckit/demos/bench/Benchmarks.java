package dev.ipckit.demos.bench;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.Serializer;
import dev.ipckit.TransportUnavailableException;

import java.util.ArrayList;
import java.util.List;

/** Every benchmark, in the order {@code bench all} runs them, and the transports {@code --transport all} means. */
public final class Benchmarks {
    /** What {@code --transport all} measures, in order; those not on the class path are skipped. */
    public static final List<String> TRANSPORTS = List.of("pipe", "socket", "sharedmem");

    private Benchmarks() {
    }

    /** @return the benchmarks: latency first, then rates, serializers, process start, pools, shared memory, idle cost, cluster, CPython wire */
    public static List<Benchmark> all() {
        return List.of(new RttBenchmark(), new ThroughputBenchmark(), new QueueBenchmark(), new SerializerBenchmark(),
                new SpawnBenchmark(), new PoolBenchmark(), new ShareBenchmark(), new SyncBenchmark(), new IdleBenchmark(),
                new ClusterBenchmark(), new PythonWireBenchmark());
    }

    /**
     * @param transport a transport's name, or {@code all} for every one of {@link #TRANSPORTS} that can run here
     * @param serializer what {@code send} uses
     * @return one context per transport, in order
     * @throws dev.ipckit.TransportUnavailableException if a named transport cannot run here
     */
    public static List<IpcContext> contexts(String transport, Serializer serializer) {
        if (!"all".equals(transport)) {
            return List.of(Ipc.context(transport).withSerializer(serializer));
        }
        List<IpcContext> contexts = new ArrayList<>();
        for (String t : TRANSPORTS) {
            try {
                contexts.add(Ipc.context(t).withSerializer(serializer));
            } catch (TransportUnavailableException e) {
                System.err.println("bench: skipping a transport that cannot run here, transport=" + t + ": "
                        + e.getMessage());
            }
        }
        return contexts;
    }

    /**
     * @param name a benchmark's name or one of its older names
     * @return its current name, or {@code name} unchanged if no benchmark has it as an alias
     */
    public static String canonical(String name) {
        return all().stream().filter(b -> b.aliases().contains(name)).map(Benchmark::name).findFirst().orElse(name);
    }
}
