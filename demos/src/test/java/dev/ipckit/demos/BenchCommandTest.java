package dev.ipckit.demos;

import dev.ipckit.Ipc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} end to end, quick: figures as JSON lines, a PNG chart, old names as aliases. */
class BenchCommandTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    private static int bench(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    private static void assertPng(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " missing");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(Files.readAllBytes(png), 4), png + " is not a PNG");
    }

    @Test
    @Timeout(120)
    void spawnShouldAppendAFigurePerTransportAndDrawItsChartUnderItsOldNameToo(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("figures.jsonl");
        Files.writeString(json, "{\"kept\": true}\n"); // appended to, never overwritten
        assertEquals(0, bench("bench", "startup", "--quick", "--transport", "pipe", "--json", json.toString(),
                "--chart", dir.resolve("charts").toString(), "--out", dir.resolve("out").toString()));
        List<String> lines = Files.readAllLines(json);
        assertEquals(6, lines.size(), "3 ways to start a child, a pool cold and on spares: " + lines);
        assertEquals("{\"kept\": true}", lines.get(0));
        List<String> modes = List.of("cold, no class archive", "cold, class archive \\(default\\)", "warm spare");
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(1 + i).matches("\\{\"bench\": \"spawn\", \"transport\": \"pipe\", \"serializer\": \"kryo\","
                    + " \"metric\": \"first_message_ms\", \"value\": [0-9.]+, \"unit\": \"ms\", \"mode\": \""
                    + modes.get(i) + "\", \"p90\": [0-9.]+}"), lines.get(1 + i));
        }
        assertTrue(lines.get(4).contains("\"metric\": \"pool_first_result_ms\"")
                && lines.get(4).contains("pool of 2, cold"), lines.get(4));
        assertTrue(lines.get(5).contains("pool of 2, warm spares"), lines.get(5));
        assertPng(dir.resolve("charts").resolve("spawn.png"));
        assertTrue(Files.isRegularFile(dir.resolve("out").resolve("spawn.csv")));
        assertEquals(List.of(), Ipc.activeChildren(), "the benchmark ended its children");
    }

    @Test
    @Timeout(180)
    void serializerShouldMeasureEveryCaseWithJmh(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("figures.jsonl");
        assertEquals(0, bench("bench", "serializer", "--quick", "--json", json.toString(), "--chart",
                dir.resolve("charts").toString(), "--out", dir.resolve("out").toString()));
        List<String> lines = Files.readAllLines(json);
        assertEquals(25 * 3, lines.size(), "kryo, fory and java x 8 shapes, raw x the array; 3 figures each: " + lines);
        for (String serializer : List.of("kryo", "fory", "java")) {
            for (String shape : List.of("small", "record1k", "collection", "longs", "doubles", "boxed", "work", "array")) {
                assertEquals(3, lines.stream().filter(l -> l.contains("\"serializer\": \"" + serializer + "\"")
                        && l.endsWith("\"shape\": \"" + shape + "\"}")).count(), serializer + " " + shape + ": " + lines);
            }
        }
        assertTrue(lines.contains("{\"bench\": \"serializer\", \"serializer\": \"raw\", \"metric\": \"encoded_bytes\","
                + " \"value\": 1048576.0, \"unit\": \"bytes\", \"shape\": \"array\"}"), lines.toString());
        assertPng(dir.resolve("charts").resolve("serializer.png"));
    }

    @Test
    void unknownBenchmarkShouldFailWithUsageCode() {
        assertEquals(2, bench("bench", "no-such-bench"));
    }
}
