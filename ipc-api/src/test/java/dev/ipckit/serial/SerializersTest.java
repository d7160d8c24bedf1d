package dev.ipckit.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ipckit.Serializer;
import org.junit.jupiter.api.Test;

class SerializersTest {

    @Test
    void shouldFindEachSerializerByItsName() {
        for (String name : Serializers.NAMES) {
            Serializer serializer = Serializers.byName(name);
            assertEquals(name, serializer.name());
        }
        assertInstanceOf(KryoSerializer.class, Serializers.byName("KRYO"));
    }

    @Test
    void shouldGiveDistinctIds() {
        assertEquals(Serializer.KRYO_ID, Serializers.kryo().id());
        assertEquals(Serializer.JAVA_ID, Serializers.java().id());
        assertEquals(Serializer.RAW_ID, Serializers.raw().id());
    }

    @Test
    void shouldDefaultToKryo() {
        assertInstanceOf(KryoSerializer.class, Serializers.defaultSerializer());
        assertEquals(Serializers.kryo(), Serializers.defaultSerializer());
    }

    @Test
    void shouldListKnownNamesForUnknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Serializers.byName("json"));
        assertTrue(e.getMessage().contains("name=json"), e.getMessage());
        assertTrue(e.getMessage().contains("kryo") && e.getMessage().contains("java")
                && e.getMessage().contains("raw"), e.getMessage());
    }
}
