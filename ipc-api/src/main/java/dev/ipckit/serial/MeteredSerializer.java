package dev.ipckit.serial;

import dev.ipckit.Serializer;

import java.util.Objects;
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
    /** Made on first use, so that a copy made by any serializer (which skips transient fields) counts afresh. */
    private transient volatile Counts counts;

    /** @param delegate the serializer that does the work */
    public MeteredSerializer(Serializer delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    private static final class Counts {
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong largest = new AtomicLong();
    }

    private Counts counts() {
        Counts c = counts;
        if (c == null) {
            synchronized (this) {
                c = counts;
                if (c == null) {
                    c = new Counts();
                    counts = c;
                }
            }
        }
        return c;
    }

    /** @return messages encoded since creation or {@link #reset()} */
    public long messages() {
        return counts().messages.get();
    }

    /** @return bytes encoded in all since creation or {@link #reset()} */
    public long bytes() {
        return counts().bytes.get();
    }

    /** @return the largest message encoded since creation or {@link #reset()}, in bytes */
    public long largest() {
        return counts().largest.get();
    }

    /** Starts counting from zero. */
    public void reset() {
        Counts c = counts();
        c.messages.set(0);
        c.bytes.set(0);
        c.largest.set(0);
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
        Counts c = counts();
        c.messages.incrementAndGet();
        c.bytes.addAndGet(b.length);
        c.largest.accumulateAndGet(b.length, Math::max);
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
