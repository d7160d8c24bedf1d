package dev.ipckit.serial;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import org.apache.fory.resolver.SharedRegistry;

/**
 * The pooled Fory instances of one {@link ForySerializer} and one class loader. Every instance is built and
 * registered alike ({@link ForyRules}), so class ids agree between instances and between the two ends; they
 * share one {@link SharedRegistry}, so a class's generated serializer is compiled once, not per instance.
 */
final class ForySessions {
    /** Largest graph nesting accepted, as {@link JavaSerializer#DEFAULT_LIMITS}' maxdepth (Fory's own is 50). */
    static final int MAX_DEPTH = 1000;
    /** An instance's buffer that grew past this is shrunk back after each call (as Kryo's pooled buffers). */
    static final int MAX_POOLED_BUFFER = KryoSerializer.MAX_POOLED_BUFFER;
    private static final int POOL_CAPACITY = 64;

    private final List<String> allowed;
    private final ClassLoader loader;
    private final SharedRegistry registry = new SharedRegistry();
    private final ConcurrentLinkedQueue<Fory> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private volatile ForyRules rules;

    /**
     * @param allowed null for the default mode; else the strict allow-list, by class name
     * @param loader the loader that resolves class names
     */
    ForySessions(List<String> allowed, ClassLoader loader) {
        this.allowed = allowed;
        this.loader = loader;
    }

    ClassLoader loader() {
        return loader;
    }

    /** @return a free instance, or a new one; the caller owns it until {@link #release} */
    Fory obtain() {
        Fory fory = free.poll();
        if (fory != null) {
            freeCount.decrementAndGet();
            return fory;
        }
        return create();
    }

    /** An instance whose call failed with an {@link Error} is dropped: its state is not guaranteed clean. */
    void release(Fory fory, boolean reusable) {
        if (reusable && freeCount.incrementAndGet() <= POOL_CAPACITY) {
            free.offer(fory);
        } else if (reusable) {
            freeCount.decrementAndGet();
        }
    }

    private Fory create() {
        ForyRules r = rules;
        if (r == null) { // resolves the allow-list: a missing class fails here, on every use, naming it
            r = allowed == null ? ForyRules.lax() : ForyRules.strict(allowed, loader);
            rules = r;
        }
        Fory fory = r.configure(Fory.builder())
                .withLanguage(Language.JAVA)
                .withRefTracking(true) // shared and cyclic graphs
                .withCodegen(true)
                .withAsyncCompilation(false)
                .withDeserializeUnknownClass(false)
                .suppressClassRegistrationWarnings(true)
                .withMaxDepth(MAX_DEPTH)
                .withMaxGraphMemoryBytes(Long.MAX_VALUE) // as Kryo: bounded by the bytes of the frame only
                .withBufferSizeLimitBytes(MAX_POOLED_BUFFER)
                .withClassLoader(loader)
                .withSharedRegistry(registry)
                .build();
        r.register(fory);
        return fory;
    }
}
