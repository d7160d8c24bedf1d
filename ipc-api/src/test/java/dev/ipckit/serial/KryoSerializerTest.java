package dev.ipckit.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.serial.Fixtures.Blob;
import dev.ipckit.serial.Fixtures.Money;
import dev.ipckit.serial.Fixtures.Node;
import dev.ipckit.serial.Fixtures.Opaque;
import dev.ipckit.serial.Fixtures.Point;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KryoSerializerTest extends SerializerContractTest {

    @Test
    void aLargeByteArrayShouldBeEncodedExactlyAsKryoItselfWritesIt() {
        for (int size : new int[] {KryoSerializer.LARGE_ARRAY_BYTES - 1, KryoSerializer.LARGE_ARRAY_BYTES,
                1 << 20, (1 << 20) + 7}) {
            byte[] big = new byte[size];
            new Random(size).nextBytes(big);
            KryoSession session = KryoSession.create(null, getClass().getClassLoader());
            Output general = new Output(4096, -1);
            session.kryo.writeClassAndObject(general, big);
            byte[] fast = Serializers.kryo().encode(big);
            assertArrayEquals(general.toBytes(), fast, "size " + size);
            assertArrayEquals(big, (byte[]) Serializers.kryo().decode(fast), "size " + size);
        }
    }


    @Override
    Serializer serializer() {
        return new KryoSerializer();
    }

    @Test
    void shouldRoundTrip64MiBObjectAndNotPoolItsBuffer() {
        KryoSerializer serializer = new KryoSerializer();
        long[] values = new Random(7).longs(8 << 20).toArray(); // 64 MiB of longs
        Blob copy = (Blob) serializer.decode(serializer.encode(new Blob("big", values)));
        assertEquals("big", copy.name());
        assertArrayEquals(values, copy.values());
        assertTrue(serializer.largestPooledBuffer() <= KryoSerializer.MAX_POOLED_BUFFER,
                "pooled buffer=" + serializer.largestPooledBuffer());
    }

    @Test
    void shouldEncodeClassesThatAreNotJavaSerializable() {
        assertEquals(1, ((Opaque) roundTrip(new Opaque())).value);
    }

    @Test
    void shouldRefuseUnlistedClassOnEncodeInStrictMode() {
        KryoSerializer strict = KryoSerializer.strict(Point.class);
        SerializationException e = assertThrows(SerializationException.class,
                () -> strict.encode(List.of(new Point(1, 2), new Money(1, "EUR"))));
        assertTrue(e.getMessage().contains("class=" + Money.class.getName()), e.getMessage());
    }

    @Test
    void shouldRefuseClassNamedInDataInStrictMode() {
        byte[] lax = new KryoSerializer().encode(new Money(1, "EUR"));
        SerializationException e = assertThrows(SerializationException.class,
                () -> KryoSerializer.strict(Point.class).decode(lax));
        assertTrue(e.getMessage().contains("class=" + Money.class.getName()), e.getMessage());
    }

    @Test
    void shouldRefuseUnregisteredClassIdInStrictMode() {
        byte[] bytes = KryoSerializer.strict(Point.class, Money.class).encode(new Money(1, "EUR"));
        SerializationException e = assertThrows(SerializationException.class,
                () -> KryoSerializer.strict(Point.class).decode(bytes));
        assertTrue(e.getMessage().contains("unregistered class ID"), e.getMessage());
    }

    @Test
    void shouldAcceptListedAndBasicClassesInStrictMode() {
        KryoSerializer strict = KryoSerializer.strict(Point.class.getName());
        Object value = new ArrayList<>(List.of(new Point(1, 2), "s", 3L, new int[0].length, List.of(1.5)));
        assertEquals(value, strict.decode(strict.encode(value)));
    }

    @Test
    void shouldKeepStrictRulesAcrossJavaSerialization() {
        KryoSerializer copy = Fixtures.javaCopy(KryoSerializer.strict(Point.class, Node.class));
        assertTrue(copy.isStrict());
        assertEquals(List.of(Point.class.getName(), Node.class.getName()), copy.allowedClassNames());
        assertEquals(new Point(5, 6), copy.decode(copy.encode(new Point(5, 6))));
        assertThrows(SerializationException.class, () -> copy.encode(new Money(1, "EUR")));
    }

    @Test
    void shouldReportMissingStrictClassOnFirstUse() {
        KryoSerializer strict = KryoSerializer.strict("com.example.DoesNotExist");
        SerializationException e = assertThrows(SerializationException.class, () -> strict.encode("x"));
        assertTrue(e.getMessage().contains("class=com.example.DoesNotExist"), e.getMessage());
    }

    static Stream<Arguments> hugeDeclaredLengths() {
        return Stream.of(
                // arrays that may be shared: tag n + 2 (0 null, 1 shared); the others: Kryo's n + 1
                Arguments.of("byte[]", (Supplier<Object>) () -> new byte[100], 102),
                Arguments.of("int[]", (Supplier<Object>) () -> new int[100], 102),
                Arguments.of("long[]", (Supplier<Object>) () -> new long[100], 102),
                Arguments.of("double[]", (Supplier<Object>) () -> new double[100], 102),
                Arguments.of("Object[]", (Supplier<Object>) () -> new Object[100], 101),
                Arguments.of("String[]", (Supplier<Object>) () -> new String[100], 101),
                Arguments.of("Point[]", (Supplier<Object>) () -> new Point[100], 101));
    }

    @Test
    void shouldReportAllowedClassKryoCannotReach() {
        KryoSerializer strict = KryoSerializer.strict(StackTraceElement.class); // private java.base fields
        SerializationException e = assertThrows(SerializationException.class, () -> strict.encode("x"));
        assertTrue(e.getMessage().contains("class=java.lang.StackTraceElement"), e.getMessage());
    }

    /** The length varint is replaced by one declaring about Integer.MAX_VALUE elements. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeDeclaredLengths")
    void shouldFailFastOnHugeDeclaredLength(String type, Supplier<Object> value, int lengthTag) {
        KryoSerializer serializer = new KryoSerializer();
        byte[] good = serializer.encode(value.get());
        int at = lastIndexBeforeZeros(good, (byte) lengthTag);
        Output varint = new Output(8);
        varint.writeVarInt(Integer.MAX_VALUE, true);
        byte[] bad = splice(good, at, varint.toBytes());
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.decode(bad));
        assertTrue(e.getMessage().contains("exceeds the bytes left"), e.getMessage());
    }

    @Test
    void shouldFailFastOnHugeDeclaredStringLength() {
        KryoSerializer serializer = new KryoSerializer();
        byte[] good = serializer.encode("é".repeat(40)); // UTF-8: a length-prefixed string
        Output flagged = new Output(8);
        flagged.writeVarIntFlag(true, Integer.MAX_VALUE, true);
        int at = indexOfByte(good, (byte) (0x80 | 41)); // the UTF-8 flag and 40 chars + 1
        byte[] bad = splice(good, at, flagged.toBytes());
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.decode(bad));
        assertTrue(e.getMessage().contains("exceeds the bytes left"), e.getMessage());
    }

    static Stream<Arguments> collectionsOf40() {
        List<Integer> zeros = java.util.Collections.nCopies(40, 0);
        return Stream.of(
                Arguments.of("ArrayList", new ArrayList<>(zeros)),
                Arguments.of("List.of", List.copyOf(zeros)),
                Arguments.of("HashSet", new java.util.HashSet<>(List.of(1, 2, 3))),
                Arguments.of("ArrayDeque", new java.util.ArrayDeque<>(zeros)),
                Arguments.of("PriorityQueue", new java.util.PriorityQueue<>(zeros)));
    }

    /** A collection is never presized from the data: a huge declared size fails as soon as the bytes run out. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("collectionsOf40")
    void shouldNotPresizeCollectionFromHugeDeclaredSize(String type, Object value) {
        KryoSerializer serializer = new KryoSerializer();
        byte[] good = serializer.encode(value);
        int size = ((java.util.Collection<?>) value).size() + 1;
        int at = lastIndexBeforeZeros(good, (byte) (0x80 | size)); // same-type flag, then size + 1 in six bits
        Output flagged = new Output(8);
        flagged.writeVarIntFlag(true, Integer.MAX_VALUE, true);
        byte[] bad = splice(good, at, flagged.toBytes());
        long start = System.nanoTime();
        assertThrows(SerializationException.class, () -> serializer.decode(bad));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "took " + (System.nanoTime() - start) + " ns");
    }

    @Test
    void shouldFailOnTrailingBytes() {
        KryoSerializer serializer = new KryoSerializer();
        byte[] good = serializer.encode("x");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(SerializationException.class, () -> serializer.decode(longer));
    }

    private static int lastIndexBeforeZeros(byte[] bytes, byte marker) {
        for (int i = bytes.length - 2; i >= 0; i--) {
            if (bytes[i] == marker) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    private static int indexOfByte(byte[] bytes, byte marker) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == marker) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    private static byte[] splice(byte[] bytes, int at, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(replacement);
        out.write(bytes, at + 1, bytes.length - at - 1);
        return out.toByteArray();
    }

    /** The same contract in strict mode, with the fixtures allowed. */
    static class StrictTest extends SerializerContractTest {
        @Override
        Serializer serializer() {
            return KryoSerializer.strict(Point.class, Node.class, Money.class, Blob.class, Fixtures.class,
                    Fixtures.AppException.class, IllegalStateException.class, IllegalArgumentException.class);
        }
    }
}
