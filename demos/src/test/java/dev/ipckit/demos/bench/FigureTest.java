package dev.ipckit.demos.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code --json} line format, as issue #7 specifies it. */
class FigureTest {

    @Test
    void shouldWriteOneJsonObjectInTheIssuesFieldOrder() {
        Figure f = new Figure("rtt", "pipe", "kryo", 64, "rtt_p50_us", 7.9, "us", Map.of());
        assertEquals("{\"bench\": \"rtt\", \"transport\": \"pipe\", \"serializer\": \"kryo\", \"payload_bytes\": 64,"
                + " \"metric\": \"rtt_p50_us\", \"value\": 7.9, \"unit\": \"us\"}", f.toJson());
    }

    @Test
    void shouldLeaveOutFieldsThatDoNotApplyAndAppendExtraOnes() {
        Figure f = BenchRun.figure("pool", null, null, "per_task_us", 12.5, "us").with("chunksize", 100);
        assertEquals("{\"bench\": \"pool\", \"metric\": \"per_task_us\", \"value\": 12.5, \"unit\": \"us\","
                + " \"chunksize\": 100}", f.toJson());
    }
}
