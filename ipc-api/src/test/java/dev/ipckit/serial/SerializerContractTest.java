package dev.ipckit.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.serial.Fixtures.AppException;
import dev.ipckit.serial.Fixtures.Money;
import dev.ipckit.serial.Fixtures.Node;
import dev.ipckit.serial.Fixtures.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The contract every object serializer meets; subclasses supply the serializer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SerializerContractTest {

    /** @return a fresh serializer in the configuration under test */
    abstract Serializer serializer();

    Object roundTrip(Object value) {
        Serializer serializer = serializer();
        return serializer.decode(serializer.encode(value));
    }

    @Test
    void shouldRoundTripRecord() {
        assertEquals(new Point(3, -4), roundTrip(new Point(3, -4)));
    }

    @Test
    void shouldRoundTripNull() {
        assertNull(roundTrip(null));
    }

    @Test
    void shouldRoundTripClassWithoutNoArgConstructor() {
        assertEquals(new Money(1234, "EUR"), roundTrip(new Money(1234, "EUR")));
    }

    @Test
    void shouldKeepCyclesAndSharedReferences() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        Node self = new Node("self");
        self.next = self;
        List<Object> graph = new ArrayList<>(List.of(a, self, a));

        @SuppressWarnings("unchecked")
        List<Object> copy = (List<Object>) roundTrip(graph);
        Node a2 = (Node) copy.get(0);
        assertEquals("b", a2.next.name);
        assertSame(a2, a2.next.next);
        Node self2 = (Node) copy.get(1);
        assertSame(self2, self2.next);
        assertSame(a2, copy.get(2));
    }

    @Test
    void shouldRoundTripSerializableLambda() {
        @SuppressWarnings("unchecked")
        Function<Integer, Integer> copy = (Function<Integer, Integer>) roundTrip(Fixtures.adder(40));
        assertEquals(42, copy.apply(2));
    }

    @Test
    void shouldRoundTripMapsAndCollections() {
        Map<String, Object> map = new HashMap<>();
        map.put("list", new ArrayList<>(Arrays.asList(1, null, "three", 4.0)));
        map.put("immutable", List.of(1, 2, 3));
        map.put("set", Set.of("x"));
        map.put("tree", new TreeMap<>(Map.of("b", 2, "a", 1)));
        map.put("linked", new LinkedHashMap<>(Map.of("k", new int[] {1, 2})));
        map.put("nothing", null);
        map.put("uuid", UUID.randomUUID());
        map.put("text", "héllo wörld ✓");

        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) roundTrip(map);
        assertEquals(map.keySet(), copy.keySet());
        assertEquals(map.get("list"), copy.get("list"));
        assertEquals(map.get("immutable"), copy.get("immutable"));
        assertEquals(map.get("set"), copy.get("set"));
        assertEquals(map.get("tree"), copy.get("tree"));
        assertArrayEquals(new int[] {1, 2}, (int[]) ((Map<?, ?>) copy.get("linked")).get("k"));
        assertEquals(map.get("uuid"), copy.get("uuid"));
        assertEquals(map.get("text"), copy.get("text"));
        assertTrue(copy.containsKey("nothing"));
    }

    @Test
    void shouldRoundTripThrowableWithCauseAndSuppressed() {
        AppException error = new AppException("boom", 7, new IllegalStateException("root"));
        error.addSuppressed(new IllegalArgumentException("also"));

        AppException copy = assertInstanceOf(AppException.class, roundTrip(error));
        assertEquals("boom", copy.getMessage());
        assertEquals(7, copy.code);
        assertEquals("root", copy.getCause().getMessage());
        assertEquals("also", copy.getSuppressed()[0].getMessage());
        assertArrayEquals(error.getStackTrace(), copy.getStackTrace());
    }

    @Test
    void shouldRoundTrip64MiBByteArray() {
        byte[] big = new byte[64 << 20];
        new Random(1).nextBytes(big);
        assertArrayEquals(big, (byte[]) roundTrip(big));
    }

    @Test
    void shouldFailOnlyWithSerializationExceptionOnCorruptData() {
        Serializer serializer = serializer();
        Map<String, Object> sample = new HashMap<>();
        sample.put("points", new ArrayList<>(List.of(new Point(1, 2), new Point(3, 4))));
        sample.put("name", "sample ✓");
        sample.put("numbers", new long[] {1, 2, 3, Long.MAX_VALUE});
        sample.put("strings", new String[] {"a", null, "c"});
        byte[] good = serializer.encode(sample);
        Random random = new Random(42);
        long start = System.nanoTime();
        for (int i = 0; i < 3000; i++) {
            byte[] bad = mutate(good, random);
            try {
                serializer.decode(bad); // a mutation may still decode to something; it must not break anything
            } catch (SerializationException expected) {
                // the only acceptable failure
            } catch (Throwable other) {
                fail("mutation " + i + " threw " + other, other);
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 20_000, "3000 corrupt decodes took " + millis + " ms");
    }

    private static byte[] mutate(byte[] good, Random random) {
        switch (random.nextInt(4)) {
            case 0: { // truncate
                return Arrays.copyOf(good, random.nextInt(good.length));
            }
            case 1: { // random garbage
                byte[] garbage = new byte[random.nextInt(64)];
                random.nextBytes(garbage);
                return garbage;
            }
            default: { // flip a few bytes
                byte[] bad = good.clone();
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
                return bad;
            }
        }
    }

    @Test
    void shouldRefuseNullPayload() {
        try {
            serializer().decode(null);
            fail("decode(null) returned");
        } catch (SerializationException expected) {
            assertTrue(expected.getMessage().contains("null"), expected.getMessage());
        }
    }

    @Test
    void shouldBeThreadSafe() throws Exception {
        Serializer serializer = serializer();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        Map<String, Object> value = Map.of("thread", thread, "i", i,
                                "point", new Point(thread, i), "list", List.of("x" + i, i));
                        assertEquals(value, serializer.decode(serializer.encode(value)));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldSurviveJavaSerializationOfItself() {
        Serializer original = serializer();
        Serializer copy = Fixtures.javaCopy(original);
        assertEquals(original, copy);
        assertEquals(original.id(), copy.id());
        assertEquals(new Point(1, 1), copy.decode(original.encode(new Point(1, 1))));
        assertEquals(new Point(2, 2), original.decode(copy.encode(new Point(2, 2))));
    }
}
