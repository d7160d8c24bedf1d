package dev.ipckit.internal.region;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regions this process maps on behalf of shared objects it received (locks, counters, shared input):
 * one mapping per region however many objects live in it. A region whose name is gone (its creator closed
 * it or ended) is dropped from here the next time a region is added, so its memory can be freed once the
 * objects that still use it are garbage.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Attached {
    private static final Map<String, Mapping> MAPPINGS = new ConcurrentHashMap<>();

    private Attached() {
    }

    /**
     * Records a region this process created, so objects in it resolve here without a second mapping.
     *
     * @param name the region's name
     * @param mapping its mapping
     */
    public static void adopt(String name, Mapping mapping) {
        prune();
        MAPPINGS.put(name, mapping);
    }

    /**
     * @param name a region's name
     * @return its mapping in this process, attached on first use
     * @throws dev.ipckit.IpcException if there is no such region
     */
    public static Mapping get(String name) {
        Mapping m = MAPPINGS.get(name);
        if (m != null) {
            return m;
        }
        synchronized (Attached.class) {
            m = MAPPINGS.get(name);
            if (m == null) {
                prune();
                m = Regions.attach(name);
                MAPPINGS.put(name, m);
            }
            return m;
        }
    }

    /**
     * Forgets a region (after its owner removed it).
     *
     * @param name the region's name
     */
    public static void forget(String name) {
        Mapping m = MAPPINGS.remove(name);
        if (m != null) {
            m.close();
        }
    }

    /**
     * Forgets a region and unmaps it now: only for regions whose views never left ipckit's code.
     *
     * @param name the region's name
     */
    public static void release(String name) {
        Mapping m = MAPPINGS.remove(name);
        if (m != null) {
            m.unmap();
        }
    }

    /**
     * Forgets a region whose owner freed it, unmapping it now unless a view of it went to user code.
     *
     * @param name the region's name
     */
    public static void releaseIfPrivate(String name) {
        Mapping m = MAPPINGS.remove(name);
        if (m != null) {
            m.unmapIfPrivate();
        }
    }

    private static void prune() {
        MAPPINGS.keySet().removeIf(name -> {
            if (Regions.exists(name)) {
                return false;
            }
            Mapping m = MAPPINGS.get(name);
            if (m != null) {
                m.close();
            }
            return true;
        });
    }
}
