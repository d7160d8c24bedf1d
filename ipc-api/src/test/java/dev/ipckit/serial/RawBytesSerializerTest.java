package dev.ipckit.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RawBytesSerializerTest {
    private final Serializer raw = new RawBytesSerializer();

    @Test
    void shouldPassByteArrayThroughWithoutCopy() {
        byte[] bytes = {1, 2, 3};
        assertSame(bytes, raw.encode(bytes));
        assertSame(bytes, raw.decode(bytes));
    }

    @Test
    void shouldUseBackingArrayOfExactHeapBuffer() {
        byte[] bytes = {1, 2, 3};
        assertSame(bytes, raw.encode(ByteBuffer.wrap(bytes)));
    }

    @Test
    void shouldCopyOnlyTheRemainingBytesOfAPartialBuffer() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}, 1, 3);
        byte[] encoded = raw.encode(buffer);
        assertArrayEquals(new byte[] {2, 3, 4}, encoded);
        assertEquals(1, buffer.position());
        assertEquals(4, buffer.limit());
    }

    @Test
    void shouldCopySlicedDirectAndReadOnlyBuffers() {
        byte[] bytes = {1, 2, 3, 4};
        ByteBuffer slice = ByteBuffer.wrap(bytes).position(1).slice(); // arrayOffset 1
        assertArrayEquals(new byte[] {2, 3, 4}, raw.encode(slice));

        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(bytes).flip();
        assertArrayEquals(bytes, raw.encode(direct));
        assertEquals(0, direct.position());

        ByteBuffer readOnly = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        byte[] copy = raw.encode(readOnly);
        assertArrayEquals(bytes, copy);
        assertNotSame(bytes, copy);
    }

    @Test
    void shouldRefuseOtherTypesNamingTheClass() {
        SerializationException e = assertThrows(SerializationException.class, () -> raw.encode("text"));
        assertTrue(e.getMessage().contains("class=java.lang.String"), e.getMessage());
        assertTrue(e.getMessage().contains("byte[] or ByteBuffer"), e.getMessage());
    }

    @Test
    void shouldRefuseNull() {
        assertThrows(SerializationException.class, () -> raw.encode(null));
        assertThrows(SerializationException.class, () -> raw.decode(null));
    }

    @Test
    void shouldDescribeItself() {
        assertEquals(Serializer.RAW_ID, raw.id());
        assertEquals("raw", raw.name());
        assertEquals(raw, Fixtures.javaCopy(raw));
    }
}
