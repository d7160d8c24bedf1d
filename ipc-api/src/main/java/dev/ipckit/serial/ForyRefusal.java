package dev.ipckit.serial;

import java.util.Collection;
import java.util.Map;
import org.apache.fory.config.Config;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.resolver.TypeResolver;
import org.apache.fory.serializer.Serializer;
import org.apache.fory.serializer.collection.CollectionLikeSerializer;
import org.apache.fory.serializer.collection.MapLikeSerializer;

/**
 * Fory serializers that refuse their class on write and on read, before anything is read or created: a strict
 * {@link ForySerializer} puts one on every class Fory knows by itself that the allow-list does not accept.
 * Fory takes only a collection (map) serializer for a collection (map) class, hence three kinds.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // Fory's serializers are typed by the class they serve
final class ForyRefusal {

    private ForyRefusal() {
    }

    /**
     * @param resolver the resolver of the Fory instance the serializer is for
     * @param type the refused class
     * @return a serializer that refuses {@code type} whatever is asked of it
     */
    static Serializer<?> of(TypeResolver resolver, Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return new Collections(resolver, type);
        }
        if (Map.class.isAssignableFrom(type)) {
            return new Maps(resolver, type);
        }
        return new Plain(resolver.getConfig(), type);
    }

    private static RuntimeException refuse(Class<?> type) {
        return ForyFailures.refused(type.getName());
    }

    static final class Plain extends Serializer<Object> {
        Plain(Config config, Class<?> type) {
            super(config, (Class) type);
        }

        @Override
        public void write(WriteContext context, Object value) {
            throw refuse(type);
        }

        @Override
        public Object read(ReadContext context) {
            throw refuse(type);
        }
    }

    /** Without the code-generation hook, so generated code calls {@link #write} and {@link #read}. */
    static final class Collections extends CollectionLikeSerializer<Object> {
        Collections(TypeResolver resolver, Class<?> type) {
            super(resolver, (Class) type, false);
        }

        @Override
        public void write(WriteContext context, Object value) {
            throw refuse(type);
        }

        @Override
        public Object read(ReadContext context) {
            throw refuse(type);
        }

        @Override
        public Collection onCollectionWrite(WriteContext context, Object value) {
            throw refuse(type);
        }

        @Override
        public Collection newCollection(ReadContext context, boolean hasRef) {
            throw refuse(type);
        }

        @Override
        public Object onCollectionRead(Collection collection) {
            throw refuse(type);
        }
    }

    /** Without the code-generation hook, so generated code calls {@link #write} and {@link #read}. */
    static final class Maps extends MapLikeSerializer<Object> {
        Maps(TypeResolver resolver, Class<?> type) {
            super(resolver, (Class) type, false);
        }

        @Override
        public void write(WriteContext context, Object value) {
            throw refuse(type);
        }

        @Override
        public Object read(ReadContext context) {
            throw refuse(type);
        }

        @Override
        public Map onMapWrite(WriteContext context, Object value) {
            throw refuse(type);
        }

        @Override
        public Map newMap(ReadContext context, boolean hasRef) {
            throw refuse(type);
        }

        @Override
        public Object onMapRead(Map map) {
            throw refuse(type);
        }

        @Override
        public Object onMapCopy(Map map) {
            throw refuse(type);
        }
    }
}
