package dev.ipckit.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pool;
import dev.ipckit.Queue;
import dev.ipckit.SerializationException;
import dev.ipckit.serial.ForySerializer;
import dev.ipckit.serial.Serializers;
import dev.ipckit.tck.ContractBase;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A real child JVM that encodes and decodes with Fory: the serializer's configuration travels in the bootstrap. */
class PipeForyTest extends ContractBase {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }

    /** A record, as a task's message. */
    record Point(int x, int y, String label) implements Serializable {
    }

    /** Not {@link Serializable} and no no-arg constructor: Fory needs neither. */
    static final class Opaque {
        final long value;

        Opaque(long value) {
            this.value = value;
        }
    }

    /** Off the strict allow-list. */
    record Money(long cents, String currency) implements Serializable {
    }

    @Test
    void shouldExchangeObjectsWithAChildOverQueues() {
        IpcContext ctx = ctx().withSerializer(Serializers.fory());
        Queue<Object> toChild = ctx.queue();
        Queue<Object> fromChild = ctx.queue();
        IpcProcess child = track(ctx.process(() -> {
            while (true) {
                Object item = toChild.take();
                if ("stop".equals(item)) {
                    return;
                }
                fromChild.put(item instanceof Opaque o ? new Opaque(o.value + 1) : item); // proves the child ran
            }
        })).start();

        Map<String, Object> map = new HashMap<>();
        map.put("list", new ArrayList<>(Arrays.asList(1, null, "three")));
        map.put("text", "héllo wörld ✓");
        map.put("nothing", null);
        long[] longs = IntStream.range(0, 1000).asLongStream().toArray();
        List<Integer> boxed = IntStream.range(0, 1000).boxed().toList();
        for (Object value : List.of(new Point(3, -4, "p"), map, boxed)) {
            toChild.put(value);
            assertEquals(value, fromChild.poll(WAIT));
        }
        toChild.put(longs);
        assertArrayEquals(longs, (long[]) fromChild.poll(WAIT));
        toChild.put(new Opaque(41));
        assertEquals(42, assertInstanceOf(Opaque.class, fromChild.poll(WAIT)).value);

        toChild.put("stop");
        assertTrue(child.join(WAIT), "child did not exit");
        assertEquals(0, child.exitCode().orElseThrow());
    }

    @Test
    void shouldApplyTheStrictAllowListInTheChild() {
        IpcContext ctx = ctx().withSerializer(ForySerializer.strict(Point.class));
        Queue<Object> fromChild = ctx.queue();
        IpcProcess child = track(ctx.process(() -> {
            fromChild.put(new Point(1, 2, "listed"));
            try {
                fromChild.put(new Money(1, "EUR"));
                fromChild.put("child sent a class off the list");
            } catch (SerializationException refused) {
                fromChild.put(refused.getMessage());
            }
        })).start();

        assertEquals(new Point(1, 2, "listed"), fromChild.poll(WAIT));
        String refusal = (String) fromChild.poll(WAIT);
        assertNotNull(refusal, "no answer from the child");
        assertTrue(refusal.startsWith("fory refused class not in the strict allow-list")
                && refusal.contains("class=" + Money.class.getName()), refusal);
        assertTrue(child.join(WAIT), "child did not exit");
        assertEquals(0, child.exitCode().orElseThrow());
    }

    @Test
    void shouldRunAPoolMapWithFory() {
        try (Pool pool = ctx().withSerializer(Serializers.fory()).pool(2)) {
            List<Integer> items = IntStream.range(0, 5000).boxed().toList();
            int offset = 7; // captured: the lambda crosses with its captured value
            List<Integer> results = pool.map(x -> x * 2 + offset, items, 1000);
            assertEquals(items.stream().map(x -> x * 2 + offset).toList(), results);
            List<Point> points = pool.map(i -> new Point(i, -i, "p" + i), List.of(1, 2, 3));
            assertEquals(List.of(new Point(1, -1, "p1"), new Point(2, -2, "p2"), new Point(3, -3, "p3")), points);
        }
    }
}
