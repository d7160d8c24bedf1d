package dev.ipckit.tck;

import dev.ipckit.Serializer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A serializer that counts the bytes it encodes in this JVM, around another: what tests use to assert how
 * much crossed to a worker. The count is per JVM (a child counts its own).
 */
public final class CountingSerializer implements Serializer {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong ENCODED = new AtomicLong();
    private static final AtomicLong LARGEST = new AtomicLong();

    private final Serializer delegate;

    /** @param delegate the serializer that does the work */
    public CountingSerializer(Serializer delegate) {
        this.delegate = delegate;
    }

    /** Starts counting afresh. */
    public static void reset() {
        ENCODED.set(0);
        LARGEST.set(0);
    }

    /** @return bytes encoded in this JVM since {@link #reset()} */
    public static long encoded() {
        return ENCODED.get();
    }

    /** @return the largest single message encoded in this JVM since {@link #reset()} */
    public static long largest() {
        return LARGEST.get();
    }

    @Override
    public byte id() {
        return delegate.id();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public byte[] encode(Object value) {
        byte[] b = delegate.encode(value);
        ENCODED.addAndGet(b.length);
        LARGEST.accumulateAndGet(b.length, Math::max);
        return b;
    }

    @Override
    public Object decode(byte[] bytes) {
        return delegate.decode(bytes);
    }

    @Override
    public void warmUp() {
        delegate.warmUp();
    }
}
