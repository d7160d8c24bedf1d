package dev.ipckit.internal.region;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Frees a mapping at once through {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}, no
 * flags needed on JDK 17 to 25). Touching the buffer or any view of it afterwards crashes the JVM, so only
 * {@link Mapping#unmap()} calls this, for mappings whose views never leave ipckit.
 */
final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invoke = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            invoke = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no such method on this JDK: mappings go at garbage collection
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invoke;
    }

    private Unmapper() {
    }

    /**
     * @param mapped a buffer from {@code FileChannel.map}, not used again by anyone
     * @return whether it was unmapped now
     */
    static boolean unmap(ByteBuffer mapped) {
        if (INVOKE_CLEANER == null || !mapped.isDirect()) {
            return false;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, mapped);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
