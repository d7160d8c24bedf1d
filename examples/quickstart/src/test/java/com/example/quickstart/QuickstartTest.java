package com.example.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The installed artifacts, used as a user uses them: real child JVMs started from surefire's class path. */
class QuickstartTest {

    @Test
    @Timeout(120)
    void aChildShouldProduceEveryLineInOrderThroughTheQueue() {
        List<String> lines = Quickstart.produceAndConsume(1_000);

        assertEquals(1_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("line " + i + " from pid "), lines.get(i));
        }
        long childPid = Long.parseLong(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
        assertNotEquals(ProcessHandle.current().pid(), childPid, "the producer ran in another process");
        assertTrue(ProcessHandle.of(childPid).map(p -> !p.isAlive()).orElse(true), "the producer is gone");
    }

    @Test
    @Timeout(120)
    void aPoolOfTwoWorkerJvmsShouldMapInInputOrder() {
        List<Long> expected = LongStream.range(0, 200).map(x -> x * x).boxed().toList();

        assertEquals(expected, Quickstart.squares(200));
    }
}
