package dev.ipckit.serial;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ipckit.SerializationException;

import java.io.Serializable;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Fuzzes the serializers a receiver may be told to trust only so far: Kryo and Fory in strict mode and Java
 * serialization under an allow-list. Any payload either decodes to classes the configuration allows or
 * fails with {@link SerializationException}; a class outside the list is never instantiated (the
 * committed inputs include valid encodings of {@link Forbidden}, which would mark itself).
 *
 * <p>CI runs this over the committed inputs in
 * {@code src/test/resources/dev/ipckit/serial/SerializerFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SerializerFuzzTest {
    private static final KryoSerializer STRICT_KRYO = KryoSerializer.strict(Fixtures.Point.class);
    private static final ForySerializer STRICT_FORY = ForySerializer.strict(Fixtures.Point.class);
    private static final JavaSerializer ALLOW_LIST_JAVA = JavaSerializer.allowOnly(Fixtures.Point.class.getName());

    /** A class no configuration here allows: it marks itself however it is created. */
    static final class Forbidden implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean created;
        private final String payload = mark();

        Forbidden() {
            created = true;
        }

        private static String mark() {
            created = true;
            return "forbidden";
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            created = true;
            in.defaultReadObject();
        }
    }

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOnlyAllowedClassesWithStrictKryo(byte[] data) {
        Object value;
        try {
            value = STRICT_KRYO.decode(data);
        } catch (SerializationException refused) {
            return; // the one failure allowed
        } finally {
            assertFalse(Forbidden.created, "strict Kryo created a class outside its list");
        }
        // strict on encode too: every class in what was decoded must be on the list
        assertDoesNotThrow(() -> STRICT_KRYO.encode(value), "strict Kryo decoded a graph it refuses to encode");
    }

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOnlyAllowedClassesWithStrictFory(byte[] data) {
        Object value;
        try {
            value = STRICT_FORY.decode(data);
        } catch (SerializationException refused) {
            return; // the one failure allowed
        } finally {
            assertFalse(Forbidden.created, "strict Fory created a class outside its list");
        }
        assertDoesNotThrow(() -> STRICT_FORY.encode(value), "strict Fory decoded a graph it refuses to encode");
    }

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOnlyAllowedClassesWithAnAllowListedJavaSerializer(byte[] data) {
        try {
            ALLOW_LIST_JAVA.decode(data);
        } catch (SerializationException refused) {
            // the one failure allowed
        }
        assertFalse(Forbidden.created, "the Java filter let a class outside its list be created");
    }
}
