package dev.ipckit.serial;

import dev.ipckit.SerializationException;

import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.fory.Fory;
import org.apache.fory.config.ForyBuilder;
import org.apache.fory.resolver.ClassResolver;
import org.apache.fory.resolver.TypeResolver;
import org.apache.fory.serializer.Serializer;
import org.apache.fory.util.function.Functions;

/**
 * What a {@link ForySerializer} accepts and how each instance is set up. The default mode registers ipckit's
 * own message classes (one-number class ids, as Kryo's) and writes {@link Throwable}s with Java serialization.
 * Strict mode accepts exactly the classes {@link KryoSerializer#strict(Class...)} accepts: the basic
 * {@code java.base} classes ({@link #BASIC}), Kryo's built-in ones (primitives, their boxes, {@code String},
 * {@code void}), {@code Object[]}, {@code Class}, serializable lambdas and the listed classes. It enforces that in three places:
 * Fory requires registration, so a class name in the data is refused before it is loaded; the
 * {@link org.apache.fory.resolver.TypeChecker} refuses a {@code java.base} class Fory would otherwise load by
 * name; and every other class Fory serializes by itself (dates, atomics, its own lists ...) or would serialize
 * on demand (arrays of listed classes, proxies ...) gets a {@link ForyRefusal}.
 */
final class ForyRules {
    /** The basic classes strict Kryo accepts, in its order: the same list, so the two cannot drift. */
    static final List<Class<?>> BASIC = KryoSession.BASIC;

    /** ipckit's classes that cross in every pool message or as shared handles: Kryo's list, registered for short ids. */
    static final List<String> OWN = KryoSession.OWN;

    /** Kryo's own registrations, which strict Kryo accepts without a list: primitives, boxes, String, void. */
    private static final List<Class<?>> KRYO_BUILT_IN = List.of(
            int.class, String.class, float.class, boolean.class, byte.class, char.class, short.class, long.class,
            double.class, void.class, Integer.class, Float.class, Boolean.class, Byte.class, Character.class,
            Short.class, Long.class, Double.class, Void.class, Object[].class, Class.class);

    /** Null in the default mode; the resolved allow-list in strict mode. */
    private final List<Class<?>> listed;
    /** Null in the default mode; every class name strict mode accepts. */
    private final Set<String> accepted;
    private final JavaSerializer throwables;

    private ForyRules(List<Class<?>> listed) {
        this.listed = listed;
        if (listed == null) {
            this.accepted = null;
            this.throwables = new JavaSerializer();
        } else {
            Set<String> names = new HashSet<>();
            BASIC.forEach(c -> names.add(c.getName()));
            KRYO_BUILT_IN.forEach(c -> names.add(c.getName()));
            listed.forEach(c -> names.add(c.getName()));
            this.accepted = Set.copyOf(names);
            this.throwables = JavaSerializer.allowOnly(KryoSession.filterPatterns(listed));
        }
    }

    /** @return the rules of the default mode */
    static ForyRules lax() {
        return new ForyRules(null);
    }

    /**
     * @param names the strict allow-list, by class name
     * @param loader the loader that resolves them, then ipckit's own
     * @return the rules of strict mode
     * @throws SerializationException naming a class that neither loader has
     */
    static ForyRules strict(List<String> names, ClassLoader loader) {
        List<Class<?>> classes = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                try {
                    classes.add(Class.forName(name, false, ForyRules.class.getClassLoader()));
                } catch (ClassNotFoundException again) {
                    throw new SerializationException("fory strict allow-list names a missing class, class=" + name, e);
                }
            }
        }
        return new ForyRules(List.copyOf(classes));
    }

    /** @return the builder, with the settings of this mode */
    ForyBuilder configure(ForyBuilder builder) {
        builder.requireClassRegistration(accepted != null).withSerializerFactory(this::serializerFor);
        if (accepted != null) {
            builder.withTypeChecker((resolver, className) -> {
                if (!accepted.contains(className)) {
                    throw ForyFailures.refused(className);
                }
                return true;
            });
        }
        return builder;
    }

    /** Registers classes in a fixed order, then puts refusals and the Throwable serializer on Fory's own. */
    void register(Fory fory) {
        ClassResolver resolver = (ClassResolver) fory.getTypeResolver();
        if (accepted == null) {
            for (String name : OWN) {
                try {
                    fory.register(Class.forName(name, false, ForyRules.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("ipckit class missing from its own jar: " + name, e);
                }
            }
        } else {
            BASIC.stream().filter(c -> !resolver.isRegistered(c)).forEach(fory::register);
            for (Class<?> type : listed) {
                if (!resolver.isRegistered(type)) {
                    try {
                        fory.register(type);
                    } catch (RuntimeException e) {
                        throw new SerializationException("fory cannot serialize a class of the strict allow-list,"
                                + " class=" + type.getName() + ", reason=" + e, e);
                    }
                }
            }
        }
        for (Class<?> type : resolver.getRegisteredClasses()) {
            Serializer<?> own = type.isPrimitive() ? null : serializerFor(resolver, type);
            if (own != null) {
                fory.registerSerializer(type, own);
            }
        }
    }

    /**
     * Fory's {@link org.apache.fory.serializer.SerializerFactory}: asked for a class that has no serializer yet.
     *
     * @return ipckit's serializer for {@code type}, or null for Fory's own
     */
    private Serializer<?> serializerFor(TypeResolver resolver, Class<?> type) {
        boolean ok = accepted == null || accepted.contains(type.getName());
        if (Throwable.class.isAssignableFrom(type)) {
            return ok ? new ForyThrowableSerializer(resolver.getConfig(), type, throwables)
                    : ForyRefusal.of(resolver, type);
        }
        if (ok || Functions.isLambda(type) || isForyLambdaCarrier(type)) {
            return null;
        }
        return ForyRefusal.of(resolver, type);
    }

    /** What Fory writes a serializable lambda as; the lambda's captured values are checked one by one. */
    private static boolean isForyLambdaCarrier(Class<?> type) {
        return type == SerializedLambda.class
                || type.getName().equals("org.apache.fory.serializer.LambdaSerializer$ReplaceStub");
    }
}
