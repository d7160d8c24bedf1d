package dev.ipckit.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.serial.Fixtures.Holder;
import dev.ipckit.serial.Fixtures.Opaque;
import dev.ipckit.serial.Fixtures.Point;
import java.util.List;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JavaSerializerTest extends SerializerContractTest {

    @Override
    Serializer serializer() {
        return new JavaSerializer();
    }

    @Test
    void shouldNameTheClassWhenNotSerializable() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serializer().encode(new Opaque()));
        assertTrue(e.getMessage().contains("class=" + Opaque.class.getName()), e.getMessage());
    }

    @Test
    void shouldNameTheNestedClassWhenNotSerializable() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serializer().encode(new Holder()));
        assertTrue(e.getMessage().contains("class=" + Opaque.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(Holder.class.getName()), e.getMessage());
    }

    @Test
    void shouldRefuseDeniedGadgetPackageByDefault() throws Exception {
        JavaSerializer serializer = new JavaSerializer();
        byte[] bytes = serializer.encode(List.of(ObjectName.getInstance("ipckit:type=Test")));
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.decode(bytes));
        assertTrue(e.getMessage().contains("class=javax.management.ObjectName"), e.getMessage());
    }

    @Test
    void shouldRefuseClassOutsideAllowList() {
        JavaSerializer strict = JavaSerializer.allowOnly("com.example.Nothing");
        byte[] bytes = strict.encode(List.of(new Point(1, 2)));
        SerializationException e = assertThrows(SerializationException.class, () -> strict.decode(bytes));
        assertTrue(e.getMessage().contains("class=" + Point.class.getName()), e.getMessage());
    }

    @Test
    void shouldAcceptJavaBaseTypesUnderAllowList() {
        JavaSerializer strict = JavaSerializer.allowOnly();
        Object value = List.of(1, 2L, "three", new int[0].length, new java.util.HashMap<>(java.util.Map.of("k", 4.0)));
        assertEquals(value, strict.decode(strict.encode(value)));
    }

    @Test
    void shouldRefuseArrayLongerThanTheBytesLeft() {
        JavaSerializer serializer = new JavaSerializer();
        byte[] bytes = serializer.encode(new byte[100]);
        int at = indexOf(bytes, new byte[] {0, 0, 0, 100});
        bytes[at] = 0x7f;
        bytes[at + 1] = (byte) 0xff; // declares 2 GiB elements in a 100-byte payload
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.decode(bytes));
        assertTrue(e.getMessage().contains("arrayLength="), e.getMessage());
    }

    @Test
    void shouldRejectMalformedFilterPattern() {
        assertThrows(IllegalArgumentException.class, () -> new JavaSerializer("maxdepth=oops"));
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    /** The same contract under a strict allow-list of this package. */
    static class AllowListTest extends SerializerContractTest {
        @Override
        Serializer serializer() {
            return JavaSerializer.allowOnly("dev.ipckit.serial.**");
        }
    }
}
