package dev.ipckit.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.ArraysAsListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.BiFunction;

/**
 * Kryo serializers that check a declared element count against the bytes left before allocating, for the
 * arrays and collections Kryo would otherwise size from the data: {@code Object[]}, {@code String[]},
 * {@code ArrayList}, {@code HashSet}, {@code HashMap}, {@code PriorityQueue}, {@code Arrays.asList} and
 * {@code List.of}. Every element takes at least one byte, so a larger count is corrupt: arrays are refused,
 * collections are only presized to what is left (they grow as elements arrive).
 */
@SuppressWarnings("rawtypes") // the overridden Kryo methods have raw signatures
final class KryoGuards {

    private KryoGuards() {
    }

    /** Installs the guarded serializers as defaults; call before registering any class. */
    static void install(Kryo kryo) {
        kryo.addDefaultSerializer(Object[].class, factory(GuardedObjectArraySerializer::new));
        kryo.addDefaultSerializer(String[].class, factory((k, t) -> new GuardedStringArraySerializer()));
        kryo.addDefaultSerializer(ArrayList.class, factory((k, t) -> new GuardedCollectionSerializer()));
        kryo.addDefaultSerializer(HashSet.class, factory((k, t) -> new GuardedCollectionSerializer()));
        kryo.addDefaultSerializer(HashMap.class, factory((k, t) -> new GuardedMapSerializer()));
        kryo.addDefaultSerializer(PriorityQueue.class, factory((k, t) -> new GuardedPriorityQueueSerializer()));
        kryo.addDefaultSerializer(Arrays.asList().getClass(), factory((k, t) -> new GuardedArraysAsListSerializer()));
        GuardedImmutableListSerializer immutableLists = new GuardedImmutableListSerializer();
        List<List<?>> samples = List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3).subList(0, 2));
        for (List<?> sample : samples) { // the JDK's List.of implementation classes
            kryo.addDefaultSerializer(sample.getClass(), immutableLists);
        }
    }

    /** A fresh serializer per registered class, as Kryo's reflective factory would make (they hold state). */
    private static SerializerFactory<Serializer<?>> factory(BiFunction<Kryo, Class<?>, Serializer<?>> make) {
        return new SerializerFactory.BaseSerializerFactory<>() {
            @Override
            public Serializer<?> newSerializer(Kryo kryo, Class type) {
                return make.apply(kryo, type);
            }
        };
    }

    /** @return a capacity no larger than the bytes left, for a count the data declared */
    static int capacity(Input input, int declared) {
        return Math.max(0, Math.min(declared, input.limit() - input.position()));
    }

    /** Peeks the varint count at the current position and refuses it if the bytes left cannot hold it. */
    static void requireCount(Input input, int bias) {
        int start = input.position();
        int count = input.readVarInt(true) - bias;
        input.setPosition(start);
        if (count > input.limit() - start) {
            throw new KryoException("declared length exceeds the bytes left, length=" + count
                    + ", remaining=" + (input.limit() - start));
        }
    }

    static final class GuardedObjectArraySerializer extends ObjectArraySerializer {
        GuardedObjectArraySerializer(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class type) {
            requireCount(input, 1); // the count is written plus one, zero meaning null
            return super.read(kryo, input, type);
        }
    }

    static final class GuardedStringArraySerializer extends StringArraySerializer {
        @Override
        public String[] read(Kryo kryo, Input input, Class type) {
            requireCount(input, 1);
            return super.read(kryo, input, type);
        }
    }

    static final class GuardedCollectionSerializer extends CollectionSerializer<Collection<Object>> {
        @Override
        protected Collection<Object> create(Kryo kryo, Input input, Class<? extends Collection<Object>> type,
                int size) {
            return super.create(kryo, input, type, capacity(input, size));
        }
    }

    static final class GuardedMapSerializer extends MapSerializer<Map<Object, Object>> {
        @Override
        protected Map<Object, Object> create(Kryo kryo, Input input, Class<? extends Map<Object, Object>> type,
                int size) {
            return super.create(kryo, input, type, capacity(input, size));
        }
    }

    static final class GuardedPriorityQueueSerializer extends PriorityQueueSerializer {
        @Override
        protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
            return super.create(kryo, input, type, capacity(input, size));
        }
    }

    static final class GuardedArraysAsListSerializer extends ArraysAsListSerializer {
        @Override
        protected List create(Kryo kryo, Input input, Class type, int size) {
            return super.create(kryo, input, type, capacity(input, size));
        }
    }

    /** {@code List.of(...)}, in the wire format of Kryo's own {@code JdkImmutableListSerializer}. */
    static final class GuardedImmutableListSerializer extends CollectionSerializer<List<Object>> {
        GuardedImmutableListSerializer() {
            setElementsCanBeNull(false);
        }

        @Override
        protected List<Object> create(Kryo kryo, Input input, Class<? extends List<Object>> type, int size) {
            return new ArrayList<>(capacity(input, size));
        }

        @Override
        public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
            List<Object> list = super.read(kryo, input, type);
            return list == null ? null : List.copyOf(list);
        }
    }
}
