package dev.ipckit.serial;

import dev.ipckit.Serializer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A serializer that counts what it encodes, around another: how many messages, how many bytes in all, and
 * the largest — what shows that "don't pickle the input" worked (a task's message stays small however large
 * its input). Use it as a context's serializer; the counts are this object's, in this process (a copy sent
 * to a child starts from zero there).
 *
 * <pre>{@code
 * MeteredSerializer meter = new MeteredSerializer(ctx.serializer());
 * try (Pool pool = ctx.withSerializer(meter).pool(2)) {
 *     pool.map(...);
 *     System.out.println(meter.largest() + " bytes in the largest message");
 * }
 * }</pre>
 *
 * <p><b>Thread-safe</b> if its delegate is.
 */
public final class MeteredSerializer implements Serializer {
    private static final long serialVersionUID = 1L;

    private final Serializer delegate;
    private transient AtomicLong messages = new AtomicLong();
    private transient AtomicLong bytes = new AtomicLong();
    private transient AtomicLong largest = new AtomicLong();

    /** @param delegate the serializer that does the work */
    public MeteredSerializer(Serializer delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    private Object readResolve() {
        return new MeteredSerializer(delegate);
    }

    /** @return messages encoded since creation or {@link #reset()} */
    public long messages() {
        return messages.get();
    }

    /** @return bytes encoded in all since creation or {@link #reset()} */
    public long bytes() {
        return bytes.get();
    }

    /** @return the largest message encoded since creation or {@link #reset()}, in bytes */
    public long largest() {
        return largest.get();
    }

    /** Starts counting from zero. */
    public void reset() {
        messages.set(0);
        bytes.set(0);
        largest.set(0);
    }

    /** @return the serializer that does the work */
    public Serializer delegate() {
        return delegate;
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
        messages.incrementAndGet();
        bytes.addAndGet(b.length);
        largest.accumulateAndGet(b.length, Math::max);
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

    @Override
    public String toString() {
        return "MeteredSerializer[" + delegate.name() + ", messages=" + messages() + ", bytes=" + bytes()
                + ", largest=" + largest() + "]";
    }
}
