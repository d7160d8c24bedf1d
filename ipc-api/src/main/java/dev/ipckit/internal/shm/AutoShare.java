package dev.ipckit.internal.shm;

import dev.ipckit.shared.SharedBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Automatic "don't pickle the input": while a scope is entered on a thread, the Kryo serializer writes each
 * array or buffer of at least {@link #threshold()} bytes into shared memory (once per object per scope) and
 * only a reference into the message. The scope owns what it shared and frees it on {@link #close()} — the
 * pool closes a chunk's scope when the chunk is settled, after the worker has read its arguments.
 *
 * <p>Entering is confined to one thread at a time; closing may come from another.
 */
public final class AutoShare implements AutoCloseable {
    private static final ThreadLocal<AutoShare> CURRENT = new ThreadLocal<>();

    private final long threshold;
    private final Map<Object, SharedBuffer> shared = new IdentityHashMap<>();
    private final List<SharedBuffer> owned = new ArrayList<>();
    private long bytes;
    private boolean closed;

    /**
     * @param threshold the smallest array, in bytes, to share; positive
     */
    public AutoShare(long threshold) {
        if (threshold <= 0) {
            throw new IllegalArgumentException("threshold must be positive, threshold=" + threshold);
        }
        this.threshold = threshold;
    }

    /** @return the scope entered on this thread, or null */
    public static AutoShare current() {
        return CURRENT.get();
    }

    /**
     * Enters a scope on this thread until the returned handle is closed.
     *
     * @param scope the scope, or null for none (then nothing is shared)
     * @return what to close to leave it
     */
    public static Entered enter(AutoShare scope) {
        AutoShare before = CURRENT.get();
        CURRENT.set(scope);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** Leaves a scope; never throws. */
    @FunctionalInterface
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    /** @return the smallest array, in bytes, that is shared */
    public long threshold() {
        return threshold;
    }

    /**
     * @param array a {@code byte[]}, {@code int[]}, {@code long[]} or {@code double[]}, or a {@link ByteBuffer}
     * @return it in shared memory: written now the first time this scope sees the object, reused after
     */
    public synchronized SharedBuffer share(Object array) {
        if (closed) {
            throw new IllegalStateException("auto-share scope is closed");
        }
        SharedBuffer b = shared.get(array);
        if (b == null) {
            if (array instanceof byte[] a) {
                b = SharedBuffer.of(a);
            } else if (array instanceof int[] a) {
                b = SharedBuffer.of(a);
            } else if (array instanceof long[] a) {
                b = SharedBuffer.of(a);
            } else if (array instanceof double[] a) {
                b = SharedBuffer.of(a);
            } else if (array instanceof ByteBuffer a) {
                b = SharedBuffer.of(a);
            } else {
                throw new IllegalArgumentException("cannot share a " + array.getClass().getName());
            }
            shared.put(array, b);
            owned.add(b);
            bytes += b.byteSize();
        }
        return b;
    }

    /** @return how many bytes this scope wrote into shared memory */
    public synchronized long bytesShared() {
        return bytes;
    }

    /** Frees everything this scope shared. */
    @Override
    public void close() {
        List<SharedBuffer> toFree;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toFree = new ArrayList<>(owned);
            owned.clear();
            shared.clear();
        }
        toFree.forEach(SharedBuffer::close);
    }
}
