package dev.ipckit.hazelcast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class HzSmokeTest {
    @Test
    void smoke() {
        long t0 = System.nanoTime();
        try (ClusterFixture f = new ClusterFixture(2, 2)) {
            f.start(2);
            System.out.println("members up after ms " + (System.nanoTime() - t0) / 1_000_000);
            try (HazelcastCluster c = HazelcastCluster.connect(f.options())) {
                System.out.println("client up after ms " + (System.nanoTime() - t0) / 1_000_000);
                assertTrue(c.awaitMembers(2, Duration.ofSeconds(20)));
                try (ClusterPool pool = c.pool()) {
                    List<Integer> in = IntStream.range(0, 1000).boxed().collect(Collectors.toList());
                    List<Integer> got = pool.map(x -> x * 2, in, 1);
                    assertEquals(in.stream().map(x -> x * 2).toList(), got);
                    long t1 = System.nanoTime();
                    pool.map(x -> x * 2, in, 1);
                    System.out.println("1000 tasks chunksize 1: us/task " + (System.nanoTime() - t1) / 1000 / 1000.0);
                    System.out.println("pids " + pool.map(x -> ProcessHandle.current().pid(), in, 10).stream().distinct().toList());
                }
            }
        }
        System.out.println("total ms " + (System.nanoTime() - t0) / 1_000_000);
    }
}
