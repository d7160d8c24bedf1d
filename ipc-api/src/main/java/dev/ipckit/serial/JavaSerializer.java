package dev.ipckit.serial;

import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Java serialization ({@code java.io}) with every read checked by an {@link ObjectInputFilter}.
 *
 * <p>The filter is a pattern in the syntax of {@link ObjectInputFilter.Config#createFilter(String)}. The
 * default, {@link #DEFAULT_FILTER}, accepts the user's own classes and refuses the packages of known
 * deserialization gadgets; {@link #allowOnly(String...)} builds a strict allow-list instead. On top of the
 * pattern, an array may not declare more elements than the bytes left could hold, so corrupt data cannot
 * allocate gigabytes. Classes resolve through the thread's context class loader, then ipckit's own.
 *
 * <p><b>Thread-safe</b>: one instance serves every thread.
 */
public final class JavaSerializer implements Serializer {
    private static final long serialVersionUID = 1L;

    /** Packages of well-known gadget chains (commons-collections, Groovy, Xalan, Spring, C3P0, JMX, RMI). */
    public static final String DENIED_GADGETS = String.join(";",
            "!org.apache.commons.collections.functors.*",
            "!org.apache.commons.collections4.functors.*",
            "!org.apache.commons.beanutils.BeanComparator",
            "!org.codehaus.groovy.runtime.*",
            "!com.sun.org.apache.xalan.internal.xsltc.trax.*",
            "!org.apache.xalan.xsltc.trax.*",
            "!org.springframework.beans.factory.*",
            "!com.mchange.v2.c3p0.*",
            "!com.sun.rowset.*",
            "!javax.management.*",
            "!java.rmi.server.*",
            "!sun.rmi.*");

    /** Graph limits of the default filter: room for big trees and messages, bounded against hostile input. */
    public static final String DEFAULT_LIMITS = "maxdepth=1000;maxrefs=10000000;maxarray=2147483647";

    /** The default filter: {@link #DEFAULT_LIMITS}, then {@link #DENIED_GADGETS}; everything else is allowed. */
    public static final String DEFAULT_FILTER = DEFAULT_LIMITS + ";" + DENIED_GADGETS;

    /** What {@link #allowOnly(String...)} adds to the caller's patterns: boxes, strings, collections, lambdas. */
    static final String BASE_ALLOWED = String.join(";",
            "java.lang.*", "java.lang.invoke.SerializedLambda", "java.util.*", "java.util.concurrent.*",
            "java.util.concurrent.atomic.*", "java.math.*", "java.time.*");

    /** The filter in {@link ObjectInputFilter.Config#createFilter(String)} syntax: all the serialized state. */
    private final String filterPattern;
    private transient volatile ObjectInputFilter filter;

    /** Creates a serializer with {@link #DEFAULT_FILTER}. */
    public JavaSerializer() {
        this(DEFAULT_FILTER);
    }

    /**
     * Creates a serializer with the given filter.
     *
     * @param filterPattern patterns in {@link ObjectInputFilter.Config#createFilter(String)} syntax; empty
     *     means no class or limit check (the array bound still applies)
     * @throws IllegalArgumentException if the pattern does not parse
     */
    public JavaSerializer(String filterPattern) {
        if (filterPattern == null) {
            throw new IllegalArgumentException("java serializer needs a filter pattern, filterPattern=null");
        }
        this.filterPattern = filterPattern;
        this.filter = ObjectInputFilter.Config.createFilter(filterPattern);
    }

    /**
     * Creates a serializer that decodes only the given classes plus the common {@code java.base} ones
     * (boxed primitives, {@code String}, {@code java.util} collections, {@code java.time}, {@code java.math},
     * serializable lambdas, arrays of primitives); everything else is refused.
     *
     * @param patterns class names or patterns such as {@code com.example.Order} or {@code com.example.**}
     * @return the strict serializer
     */
    public static JavaSerializer allowOnly(String... patterns) {
        String own = Arrays.stream(patterns).map(String::trim).filter(p -> !p.isEmpty())
                .collect(Collectors.joining(";"));
        return new JavaSerializer(DEFAULT_LIMITS + ";" + (own.isEmpty() ? "" : own + ";") + BASE_ALLOWED + ";!*");
    }

    /** @return the filter pattern this serializer was built with */
    public String filterPattern() {
        return filterPattern;
    }

    @Override
    public byte id() {
        return JAVA_ID;
    }

    @Override
    public String name() {
        return "java";
    }

    /**
     * Encodes with {@link ObjectOutputStream}; {@code null} is allowed.
     *
     * @throws SerializationException naming the class that is not {@link java.io.Serializable}
     */
    @Override
    public byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) { // its message is the offending class, maybe nested in value
            throw new SerializationException("java encode failed: class is not Serializable, class="
                    + e.getMessage() + ", value=" + className(value), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("java encode failed, class=" + className(value) + ", reason=" + e, e);
        } catch (StackOverflowError e) {
            throw new SerializationException("java encode failed: object graph too deep, class=" + className(value), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes with {@link ObjectInputStream} under this serializer's filter.
     *
     * @throws SerializationException naming the class the filter refused, or describing the corrupt data
     */
    @Override
    public Object decode(byte[] bytes) {
        if (bytes == null) {
            throw new SerializationException("java decode failed: payload is null");
        }
        BoundedInputFilter check = new BoundedInputFilter(filter(), bytes.length);
        try (ObjectInputStream in = new ContextLoaderInput(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(check);
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError | StackOverflowError e) {
            if (check.refused() != null) {
                throw new SerializationException("java decode refused by filter, " + check.refused(), e);
            }
            throw new SerializationException("java decode failed, length=" + bytes.length + ", reason=" + e, e);
        }
    }

    private ObjectInputFilter filter() {
        ObjectInputFilter f = filter;
        if (f == null && !filterPattern.isEmpty()) { // transient: rebuilt after this serializer was deserialized
            f = ObjectInputFilter.Config.createFilter(filterPattern);
            filter = f;
        }
        return f;
    }

    private static String className(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** Resolves classes through the context class loader first, so app classes resolve in child JVMs. */
    private static final class ContextLoaderInput extends ObjectInputStream {
        ContextLoaderInput(ByteArrayInputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            for (ClassLoader loader : new ClassLoader[] {context, JavaSerializer.class.getClassLoader()}) {
                if (loader != null) {
                    try {
                        return Class.forName(desc.getName(), false, loader);
                    } catch (ClassNotFoundException e) {
                        // try the next loader
                    }
                }
            }
            return super.resolveClass(desc); // primitives, and the JDK's own "latest user loader"
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JavaSerializer that && filterPattern.equals(that.filterPattern);
    }

    @Override
    public int hashCode() {
        return filterPattern.hashCode();
    }

    @Override
    public String toString() {
        return "JavaSerializer[filter=" + filterPattern + "]";
    }
}
