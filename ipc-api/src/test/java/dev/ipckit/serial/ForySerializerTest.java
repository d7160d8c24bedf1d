package dev.ipckit.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.serial.Fixtures.Blob;
import dev.ipckit.serial.Fixtures.Money;
import dev.ipckit.serial.Fixtures.Node;
import dev.ipckit.serial.Fixtures.Opaque;
import dev.ipckit.serial.Fixtures.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
public class ForySerializerTest extends SerializerContractTest {

    @Override
    Serializer serializer() {
        return new ForySerializer();
    }

    @Test
    void shouldHaveItsOwnIdAndName() {
        Serializer fory = Serializers.byName("FORY");
        assertInstanceOf(ForySerializer.class, fory);
        assertEquals(ForySerializer.FORY_ID, fory.id());
        assertEquals("fory", fory.name());
        for (Serializer other : List.of(Serializers.kryo(), Serializers.java(), Serializers.raw())) {
            assertNotEquals(other.id(), fory.id(), other.name());
        }
    }

    @Test
    void shouldRoundTrip64MiBObject() {
        ForySerializer serializer = new ForySerializer();
        long[] values = new Random(7).longs(8 << 20).toArray(); // 64 MiB of longs
        Blob copy = (Blob) serializer.decode(serializer.encode(new Blob("big", values)));
        assertEquals("big", copy.name());
        assertArrayEquals(values, copy.values());
    }

    @Test
    void shouldRoundTripPrimitiveArraysAndBoxedChunks() {
        Object[] boxed = IntStream.range(0, 1000).boxed().toArray();
        assertArrayEquals(boxed, (Object[]) roundTrip(boxed));
        double[] doubles = new Random(3).doubles(1000).toArray();
        assertArrayEquals(doubles, (double[]) roundTrip(doubles));
        int[] ints = IntStream.range(-500, 500).toArray();
        assertArrayEquals(ints, (int[]) roundTrip(ints));
        assertArrayEquals(new String[] {"a", null, "ü✓"}, (String[]) roundTrip(new String[] {"a", null, "ü✓"}));
        Point[] points = {new Point(1, 2), null};
        assertArrayEquals(points, (Point[]) roundTrip(points));
    }

    @Test
    void shouldRoundTripDeepGraphs() {
        Node head = new Node("0");
        Node tail = head;
        for (int i = 1; i < 500; i++) { // Fory's own depth limit is 50
            tail.next = new Node(Integer.toString(i));
            tail = tail.next;
        }
        Node copy = (Node) roundTrip(head);
        for (int i = 0; i < 499; i++) {
            copy = copy.next;
        }
        assertEquals("499", copy.name);
    }

    @Test
    void shouldRoundTripLargeCollectionsOfNulls() {
        List<Object> nulls = new ArrayList<>(Collections.nCopies(100_000, null));
        assertEquals(nulls, roundTrip(nulls));
        Point shared = new Point(1, 1);
        List<Point> same = new ArrayList<>(Collections.nCopies(100_000, shared));
        @SuppressWarnings("unchecked")
        List<Point> copy = (List<Point>) roundTrip(same);
        assertEquals(same, copy);
        assertSame(copy.get(0), copy.get(99_999));
    }

    @Test
    void shouldEncodeClassesThatAreNotJavaSerializable() {
        assertEquals(1, ((Opaque) roundTrip(new Opaque())).value);
    }

    @Test
    void shouldFailOnTrailingBytes() {
        ForySerializer serializer = new ForySerializer();
        byte[] good = serializer.encode("x");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.decode(longer));
        assertTrue(e.getMessage().contains("bytes left after the object"), e.getMessage());
        assertEquals("x", serializer.decode(good), "still usable");
    }

    @Test
    void shouldFailOnEmptyPayload() {
        assertThrows(SerializationException.class, () -> new ForySerializer().decode(new byte[0]));
    }

    static java.util.stream.Stream<Arguments> sizedValues() {
        Map<String, Object> map = new HashMap<>();
        map.put("k", List.of(1, 2, 3));
        return List.of(new byte[100], new int[100], new long[100], new double[100], new Object[100],
                new String[100], new Point[100], "é".repeat(40), "ascii".repeat(20),
                new ArrayList<>(Collections.nCopies(40, 0)), List.copyOf(Collections.nCopies(40, 0)), map,
                new java.util.HashSet<>(List.of(1, 2, 3)), new java.util.ArrayDeque<>(Collections.nCopies(40, 0)),
                new java.util.PriorityQueue<>(Collections.nCopies(40, 0)),
                new Fixtures.AppException("boom", 1, null)).stream().map(value -> Arguments.of(value));
    }

    /**
     * A varint of about {@link Integer#MAX_VALUE} written over every position of a good encoding: wherever it
     * lands on a declared length, decoding must fail fast, without allocating for it, and leave the
     * serializer usable.
     */
    @ParameterizedTest
    @MethodSource("sizedValues")
    void shouldFailFastOnHugeDeclaredLengths(Object value) {
        ForySerializer serializer = new ForySerializer();
        byte[] good = serializer.encode(value);
        byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        for (int at = 0; at < good.length; at++) {
            for (int width = 1; width <= huge.length; width++) {
                byte[] bad = Arrays.copyOf(good, Math.max(good.length, at + width));
                System.arraycopy(huge, huge.length - width, bad, at, width);
                long start = System.nanoTime();
                try {
                    serializer.decode(bad);
                } catch (SerializationException expected) {
                    for (Throwable c = expected; c != null; c = c.getCause()) {
                        if (c instanceof OutOfMemoryError) {
                            fail("allocated for a declared length at " + at + ": " + expected, expected);
                        }
                    }
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(millis < 1000, "took " + millis + " ms at " + at);
            }
        }
        assertEquals(List.of(1), serializer.decode(serializer.encode(List.of(1))), "still usable");
    }

    @Test
    void shouldRefuseUnlistedClassOnEncodeInStrictMode() {
        ForySerializer strict = ForySerializer.strict(Point.class);
        SerializationException e = assertThrows(SerializationException.class,
                () -> strict.encode(List.of(new Point(1, 2), new Money(1, "EUR"))));
        assertTrue(e.getMessage().contains("class=" + Money.class.getName()), e.getMessage());
        assertEquals(new Point(1, 2), strict.decode(strict.encode(new Point(1, 2))), "still usable");
    }

    @Test
    void shouldRefuseClassNamedInDataInStrictMode() {
        byte[] lax = new ForySerializer().encode(new Money(1, "EUR"));
        ForySerializer strict = ForySerializer.strict(Point.class);
        SerializationException e = assertThrows(SerializationException.class, () -> strict.decode(lax));
        assertTrue(e.getMessage().startsWith("fory refused class not in the strict allow-list"), e.getMessage());
        assertTrue(e.getMessage().contains("class=" + Money.class.getName()), e.getMessage());
        assertEquals(new Point(1, 2), strict.decode(strict.encode(new Point(1, 2))), "still usable");
    }

    /** Loaders in which {@link ForyProbe} was initialised: its static initializer adds its own. */
    public static final Set<ClassLoader> INITIALISED = ConcurrentHashMap.newKeySet();

    /** The bytes of a {@link ForyProbe} come from a copy of the class in another loader: this one's stays cold. */
    @Test
    void shouldNeitherLoadNorInitialiseARefusedClassInStrictMode() throws ReflectiveOperationException {
        ClassLoader own = ForyProbe.class.getClassLoader();
        ClassLoader isolated = new ChildFirstLoader(ForyProbe.class.getName(), own);
        Class<?> copy = Class.forName(ForyProbe.class.getName(), true, isolated);
        assertNotSame(ForyProbe.class, copy);
        var constructor = copy.getDeclaredConstructor();
        constructor.setAccessible(true);
        byte[] bytes = new ForySerializer().encode(List.of(new Point(1, 2), constructor.newInstance()));
        assertTrue(INITIALISED.contains(isolated) && !INITIALISED.contains(own), "probe: " + INITIALISED);

        ForySerializer strict = ForySerializer.strict(Point.class);
        SerializationException e = assertThrows(SerializationException.class, () -> strict.decode(bytes));
        assertTrue(e.getMessage().contains("class=" + ForyProbe.class.getName()), e.getMessage());
        assertFalse(INITIALISED.contains(own), "strict Fory initialised the refused class");

        Object lax = ((List<?>) new ForySerializer().decode(bytes)).get(1); // the default mode trusts the data
        assertInstanceOf(ForyProbe.class, lax);
        assertTrue(INITIALISED.contains(own), "the probe does not see initialisation");
    }

    /** Defines one class itself, from the same bytes; everything else comes from the parent. */
    private static final class ChildFirstLoader extends ClassLoader {
        private final String name;

        ChildFirstLoader(String name, ClassLoader parent) {
            super(parent);
            this.name = name;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> loaded = findLoadedClass(className);
                if (loaded != null) {
                    return loaded;
                }
                try (var in = getParent().getResourceAsStream(className.replace('.', '/') + ".class")) {
                    byte[] code = in.readAllBytes();
                    return defineClass(className, code, 0, code.length);
                } catch (java.io.IOException e) {
                    throw new ClassNotFoundException(className, e);
                }
            }
        }
    }

    @Test
    void shouldRefuseUnregisteredClassIdInStrictMode() {
        byte[] bytes = ForySerializer.strict(Point.class, Money.class).encode(new Money(1, "EUR"));
        assertThrows(SerializationException.class, () -> ForySerializer.strict(Point.class).decode(bytes));
    }

    /** Classes Fory serializes by itself, or would accept for a listed class, that strict Kryo refuses. */
    static java.util.stream.Stream<Arguments> refusedByStrictKryo() {
        return java.util.stream.Stream.of(new java.util.Date(0), new java.util.concurrent.atomic.AtomicInteger(1),
                new java.util.concurrent.ConcurrentHashMap<>(Map.of(1, 2)), java.util.Optional.of(1),
                new StringBuilder("x"), java.time.LocalDate.of(2026, 1, 1), new java.util.BitSet(),
                new Point[] {new Point(1, 1)}, new int[][] {{1}}, new java.util.Hashtable<>(Map.of(1, 2)),
                new java.util.Vector<>(List.of(1)), new java.util.EnumMap<>(Map.of(TimeUnit.SECONDS, 1)),
                TimeUnit.SECONDS, new ArrayList<>(List.of(1, 2)).subList(0, 1), new RuntimeException("x"),
                Collections.unmodifiableList(new ArrayList<>(List.of(1))), java.util.regex.Pattern.compile("a"),
                java.util.Locale.US, new java.util.concurrent.CopyOnWriteArrayList<>(List.of(1)))
                .map(value -> Arguments.of(value)); // an array on its own would be spread into arguments
    }

    @ParameterizedTest
    @MethodSource("refusedByStrictKryo")
    void shouldRefuseWhatStrictKryoRefuses(Object value) {
        String name = value.getClass().getName();
        assertThrows(SerializationException.class, () -> KryoSerializer.strict(Point.class).encode(value), name);
        ForySerializer strict = ForySerializer.strict(Point.class);
        SerializationException onEncode = assertThrows(SerializationException.class, () -> strict.encode(value));
        assertTrue(onEncode.getMessage().startsWith("fory refused class"), onEncode.getMessage());
        byte[] lax = new ForySerializer().encode(List.of(value));
        SerializationException onDecode = assertThrows(SerializationException.class, () -> strict.decode(lax));
        assertTrue(onDecode.getMessage().startsWith("fory refused class"), onDecode.getMessage());
        assertEquals(new Point(1, 2), strict.decode(strict.encode(new Point(1, 2))), "still usable");
    }

    @Test
    void shouldAcceptListedAndBasicClassesInStrictMode() {
        ForySerializer strict = ForySerializer.strict(Point.class.getName());
        Object value = new ArrayList<>(List.of(new Point(1, 2), "s", 3L, 'c', List.of(1.5), new long[] {1},
                Map.of("k", new java.math.BigDecimal("1.5")), java.util.UUID.randomUUID(), new Object[] {1, "x"},
                Point.class));
        @SuppressWarnings("unchecked")
        List<Object> copy = (List<Object>) strict.decode(strict.encode(value));
        assertEquals(((List<?>) value).subList(0, 5), copy.subList(0, 5));
        assertArrayEquals(new long[] {1}, (long[]) copy.get(5));
        assertEquals(((List<?>) value).subList(6, 8), copy.subList(6, 8));
        assertArrayEquals(new Object[] {1, "x"}, (Object[]) copy.get(8));
        assertSame(Point.class, copy.get(9));
        Object array = ForySerializer.strict(Point.class, Point[].class).decode(
                ForySerializer.strict(Point.class, Point[].class).encode(new Point[] {new Point(1, 2)}));
        assertArrayEquals(new Point[] {new Point(1, 2)}, (Point[]) array, "an array class on the list");
    }

    @Test
    void shouldKeepStrictRulesAcrossJavaSerialization() {
        ForySerializer copy = Fixtures.javaCopy(ForySerializer.strict(Point.class, Node.class));
        assertTrue(copy.isStrict());
        assertEquals(List.of(Point.class.getName(), Node.class.getName()), copy.allowedClassNames());
        assertEquals(new Point(5, 6), copy.decode(copy.encode(new Point(5, 6))));
        assertThrows(SerializationException.class, () -> copy.encode(new Money(1, "EUR")));
    }

    @Test
    void shouldReportMissingStrictClassOnFirstUse() {
        ForySerializer strict = ForySerializer.strict("com.example.DoesNotExist");
        SerializationException e = assertThrows(SerializationException.class, () -> strict.encode("x"));
        assertTrue(e.getMessage().contains("class=com.example.DoesNotExist"), e.getMessage());
    }

    /** The same contract in strict mode, with the fixtures allowed (as Kryo's strict contract test lists them). */
    static class StrictTest extends SerializerContractTest {
        @Override
        Serializer serializer() {
            return ForySerializer.strict(Point.class, Node.class, Money.class, Blob.class, Fixtures.class,
                    Fixtures.AppException.class, IllegalStateException.class, IllegalArgumentException.class);
        }
    }
}
