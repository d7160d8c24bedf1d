package dev.ipckit.internal.autoshare;

import dev.ipckit.IpcException;
import dev.ipckit.internal.region.Attached;
import dev.ipckit.internal.region.Mapping;
import dev.ipckit.internal.region.Regions;
import dev.ipckit.shared.SharedBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Automatic "don't pickle the input": while a scope is entered on a thread, the Kryo serializer writes each
 * array or buffer of at least {@link #threshold()} bytes into shared memory (once per object per scope) and
 * only a reference into the message. The scope owns what it shared and frees it on {@link #close()} — the
 * pool closes a chunk's scope when the chunk is settled, after the worker has read its arguments.
 *
 * <p>What it writes never leaves ipckit (the parent only copies in; a worker copies out), so closing unmaps
 * at once: the pages go back to tmpfs without waiting for a garbage collection.
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
     * @param array a {@code byte[]}, {@code int[]}, {@code long[]} or {@code double[]}
     * @return it in shared memory: written now the first time this scope sees the object, reused after
     * @throws dev.ipckit.IpcException if shared memory has no room (the caller sends the array inline)
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
            } else {
                throw new IllegalArgumentException("cannot share a " + array.getClass().getName());
            }
            shared.put(array, b);
            owned.add(b);
            bytes += b.byteSize();
        }
        return b;
    }

    /**
     * Copies elements out of a view into an array.
     *
     * @param <A> the array type
     */
    @FunctionalInterface
    public interface Copier<A> {
        /**
         * @param into the array
         * @param view a read-only view of the shared bytes, in the platform's byte order
         * @param from the index of the first element it holds
         * @param count how many elements it holds
         */
        void copy(A into, ByteBuffer view, int from, int count);
    }

    /**
     * Reads what a sharing scope wrote, on the receiving side: maps the region privately (never through the
     * per-process cache), copies it out, and unmaps it at once.
     *
     * @param region the region's name, from the message
     * @param count how many elements the message says it holds
     * @param elementSize bytes per element
     * @param allocate makes the array, once the region is known to hold {@code count} elements
     * @param copier copies one view's elements out
     * @param <A> the array type
     * @return the array
     * @throws dev.ipckit.IpcException if there is no such region or it is shorter than the message says
     */
    public static <A> A copyOut(String region, int count, int elementSize, IntFunction<A> allocate,
                                Copier<A> copier) {
        Mapping m = Regions.attach(region);
        try {
            long bytes = (long) count * elementSize;
            if (count < 0 || m.length() - Regions.HEADER < bytes) {
                throw new IpcException("shared array is shorter than its message says, region=" + region
                        + ", elements=" + count);
            }
            A into = allocate.apply(count);
            int per = (1 << 30) / elementSize;
            for (int from = 0; from < count; from += per) {
                int n = Math.min(per, count - from);
                copier.copy(into, m.view(Regions.HEADER + (long) from * elementSize, n * elementSize, false), from, n);
            }
            return into;
        } finally {
            m.unmap();
        }
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
        for (SharedBuffer b : toFree) {
            Regions.unlink(b.regionName());
            Attached.release(b.regionName());
        }
    }
}
