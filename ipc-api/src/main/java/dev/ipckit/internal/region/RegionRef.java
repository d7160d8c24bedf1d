package dev.ipckit.internal.region;

import java.io.Serializable;
import java.util.Objects;

/**
 * What crosses a process boundary in place of a shared object (a lock, a counter, shared input): where it
 * lives, in a few dozen bytes. The object keeps it as its only serialized field and maps the region again
 * on first use in the process that receives it.
 *
 * @param kind what it is, one of the constants here
 * @param region the name of the region it lives in
 * @param offset where in the region
 * @param length its length in bytes or elements, by kind
 * @param param one more number, by kind (e.g. the parties of a barrier)
 * @param partner a second object it needs (a condition's lock), or null
 */
public record RegionRef(byte kind, String region, long offset, long length, long param, RegionRef partner)
        implements Serializable {
    /** A region itself. */
    public static final byte MEMORY = 1;
    /** Read-only shared input. */
    public static final byte BUFFER = 2;
    /** A broadcast object. */
    public static final byte BROADCAST = 3;
    /** A shared long. */
    public static final byte LONG = 4;
    /** A shared double. */
    public static final byte DOUBLE = 5;
    /** A shared long array. */
    public static final byte LONG_ARRAY = 6;
    /** A shared double array. */
    public static final byte DOUBLE_ARRAY = 7;
    /** A lock. */
    public static final byte LOCK = 8;
    /** A semaphore. */
    public static final byte SEMAPHORE = 9;
    /** An event. */
    public static final byte EVENT = 10;
    /** A barrier. */
    public static final byte BARRIER = 11;
    /** A condition (its partner is its lock). */
    public static final byte CONDITION = 12;

    /** Checks the region name. */
    public RegionRef {
        Regions.checkName(Objects.requireNonNull(region, "region"));
    }
}
