package dev.ipckit.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.URISerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.UUIDSerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import dev.ipckit.SerializationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * One configured Kryo with its reusable output and input, used by one thread at a time and pooled by
 * {@link KryoSerializer}. Both ends build the same registrations in the same order, so class ids agree.
 */
final class KryoSession {
    /** Classes a strict serializer always accepts, registered in this order (primitives and String are Kryo's own). */
    static final List<Class<?>> BASIC = List.of(
            byte[].class, char[].class, short[].class, int[].class, long[].class, float[].class,
            double[].class, boolean[].class, String[].class,
            ArrayList.class, LinkedList.class, ArrayDeque.class, HashMap.class, LinkedHashMap.class,
            TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
            Collections.emptyList().getClass(), Collections.emptySet().getClass(), Collections.emptyMap().getClass(),
            Collections.singletonList(0).getClass(), Collections.singleton(0).getClass(),
            Collections.singletonMap(0, 0).getClass(), Arrays.asList().getClass(),
            List.of().getClass(), List.of(0).getClass(), List.of(0, 1, 2).subList(0, 1).getClass(),
            Set.of().getClass(), Set.of(0).getClass(), Map.of().getClass(), Map.of(0, 0).getClass(),
            BigInteger.class, BigDecimal.class, UUID.class, URI.class);

    /**
     * ipckit's own classes that cross in every pool message or as shared handles: registered (after everything
     * else, in this order, only in the default mode) so that a message names each with a one-byte id instead
     * of its full class name. Both ends run the same code, so the ids agree.
     */
    static final List<String> OWN = List.of(
            "dev.ipckit.internal.pool.PoolWire$Work", "dev.ipckit.internal.pool.PoolWire$Done",
            "dev.ipckit.internal.pool.PoolWire$Failed", "dev.ipckit.internal.pool.PoolWire$Ready",
            "dev.ipckit.internal.pool.PoolWire$Stop", "dev.ipckit.internal.pool.PoolWire$Batch",
            "[Ldev.ipckit.internal.pool.PoolWire$Work;", "dev.ipckit.internal.region.RegionRef",
            "dev.ipckit.shared.SharedBuffer", "dev.ipckit.shared.Broadcast", "dev.ipckit.shared.SharedLong",
            "dev.ipckit.shared.SharedDouble", "dev.ipckit.shared.SharedLongArray", "dev.ipckit.shared.SharedDoubleArray",
            "dev.ipckit.shared.ProcessLock", "dev.ipckit.shared.ProcessSemaphore", "dev.ipckit.shared.ProcessEvent",
            "dev.ipckit.shared.ProcessBarrier", "dev.ipckit.shared.ProcessCondition");

    final Kryo kryo;
    final BoundedInput input = new BoundedInput();
    Output output = newOutput();

    private KryoSession(Kryo kryo) {
        this.kryo = kryo;
    }

    static Output newOutput() {
        return new Output(4096, -1);
    }

    /**
     * Builds a session.
     *
     * @param allowed null for the lax mode (any class); else the strict allow-list, by class name
     * @param loader the loader that resolves class names, now and when reading
     */
    static KryoSession create(List<String> allowed, ClassLoader loader) {
        boolean strict = allowed != null;
        List<Class<?>> allowedClasses = strict ? resolve(allowed, loader) : List.of();
        IpcKryo kryo = new IpcKryo(new IpcClassResolver(strict));
        kryo.setClassLoader(loader);
        kryo.setRegistrationRequired(strict);
        kryo.setReferences(true); // shared and cyclic graphs
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        KryoGuards.install(kryo);
        KryoSharingSerializers.install(kryo, strict);
        kryo.addDefaultSerializer(UUID.class, UUIDSerializer.class);
        kryo.addDefaultSerializer(URI.class, URISerializer.class);
        JavaSerializer throwables = strict ? JavaSerializer.allowOnly(filterPatterns(allowedClasses))
                : new JavaSerializer();
        kryo.addDefaultSerializer(Throwable.class, new KryoThrowableSerializer(throwables));
        if (strict) {
            BASIC.forEach(kryo::register);
        }
        // Lambdas, as ClosureSerializer's javadoc says (Kryo maps every lambda class to Closure's registration).
        // Not SerializedLambda itself: its fields are written by hand, a field serializer would need --add-opens.
        kryo.register(Object[].class);
        kryo.register(Class.class);
        kryo.register(ClosureSerializer.Closure.class, new KryoLambdaSerializer());
        if (!strict) {
            for (String name : OWN) {
                try {
                    kryo.register(Class.forName(name, false, KryoSession.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("ipckit class missing from its own jar: " + name, e);
                }
            }
            // a pool chunk of ints, longs, doubles or strings crosses as one of these (PoolWire, Packed)
            kryo.register(int[].class);
            kryo.register(long[].class);
            kryo.register(double[].class);
            kryo.register(String[].class);
        }
        for (Class<?> type : allowedClasses) {
            try {
                kryo.register(type);
            } catch (RuntimeException e) { // e.g. a java.base class whose fields Java 17 keeps closed to reflection
                throw new SerializationException("kryo cannot serialize a class of the strict allow-list, class="
                        + type.getName() + ", reason=" + e, e);
            }
        }
        return new KryoSession(kryo);
    }

    /** Points class-name lookups at {@code loader}, forgetting names resolved through another one. */
    void useLoader(ClassLoader loader) {
        if (kryo.getClassLoader() != loader) {
            kryo.setClassLoader(loader);
            ((IpcClassResolver) kryo.getClassResolver()).forgetNames();
        }
    }

    private static List<Class<?>> resolve(List<String> names, ClassLoader loader) {
        List<Class<?>> classes = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                try {
                    classes.add(Class.forName(name, false, KryoSession.class.getClassLoader()));
                } catch (ClassNotFoundException again) {
                    throw new SerializationException("kryo strict allow-list names a missing class, class=" + name, e);
                }
            }
        }
        return classes;
    }

    /** Patterns for the Java filter under Throwables: array classes are matched by their element type. */
    static String[] filterPatterns(List<Class<?>> classes) {
        return classes.stream().map(c -> {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            return c.getName();
        }).filter(name -> name.contains(".")).toArray(String[]::new);
    }

    /** Kryo that reports a refused class as a {@link SerializationException} naming it. */
    private static final class IpcKryo extends Kryo {
        IpcKryo(DefaultClassResolver resolver) {
            super(resolver, new MapReferenceResolver());
        }

        /** Kryo builds this message just before refusing an unregistered class in strict mode; refuse here instead. */
        @Override
        @SuppressWarnings("rawtypes") // Kryo's signature
        protected String unregisteredClassMessage(Class type) {
            if (isRegistrationRequired()) {
                throw new SerializationException("kryo refused class not in the strict allow-list, class="
                        + type.getName());
            }
            return super.unregisteredClassMessage(type);
        }
    }

    /** In strict mode a writer only ever writes registered class ids, so a class name in the data is refused. */
    private static final class IpcClassResolver extends DefaultClassResolver {
        private final boolean strict;

        IpcClassResolver(boolean strict) {
            this.strict = strict;
        }

        @Override
        protected Registration readName(Input input) {
            if (!strict) {
                return super.readName(input);
            }
            input.readVarInt(true); // the name's id in this graph
            throw new SerializationException("kryo refused class not in the strict allow-list, class="
                    + input.readString());
        }

        void forgetNames() {
            if (nameToClass != null) {
                nameToClass.clear();
            }
        }
    }
}
