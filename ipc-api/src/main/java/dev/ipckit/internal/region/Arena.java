package dev.ipckit.internal.region;

/**
 * Where this process places small shared objects (locks, counters, events): slots carved from regions of
 * {@value #REGION_SIZE} bytes that this process creates as needed, each slot on its own cache line. A slot is
 * never reused; the regions go when this process exits or dies, like any region it created.
 *
 * <p><b>Thread-safe.</b>
 */
public final class Arena {
    /** Size of each arena region. */
    static final long REGION_SIZE = 1 << 20;
    /** Slots start on a cache line, so two objects never share one. */
    static final int ALIGN = 64;
    /** Objects larger than this get a region of their own. */
    public static final long LARGEST_SLOT = REGION_SIZE / 4;

    private static String region;
    private static long next;

    private Arena() {
    }

    /**
     * A slot in shared memory, zero-filled.
     *
     * @param region the name of the region it is in
     * @param offset its offset in the region's data
     */
    public record Slot(String region, long offset) {
    }

    /**
     * @param bytes how many bytes, at most {@link #LARGEST_SLOT}
     * @return a fresh zero-filled slot, on its own cache line
     */
    public static synchronized Slot allocate(long bytes) {
        if (bytes <= 0 || bytes > LARGEST_SLOT) {
            throw new IllegalArgumentException("an arena slot is 1 to " + LARGEST_SLOT + " bytes, bytes=" + bytes);
        }
        long size = (bytes + ALIGN - 1) / ALIGN * ALIGN;
        if (region == null || next + size > REGION_SIZE || !Regions.exists(region)) {
            region = Regions.newName();
            Attached.adopt(region, Regions.create(region, REGION_SIZE));
            next = 0;
        }
        Slot s = new Slot(region, next);
        next += size;
        return s;
    }
}
