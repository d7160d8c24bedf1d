package dev.ipckit.shared;

import dev.ipckit.internal.region.Arena;
import dev.ipckit.internal.region.Attached;
import dev.ipckit.internal.region.Mapping;
import dev.ipckit.internal.region.Regions;
import dev.ipckit.internal.region.RegionRef;

import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * The base of every shared object: where it lives ({@link RegionRef}, its only serialized state) and, in each
 * process, the mapping of that region, made on first use. So an object sent to a child — in a task, a
 * pool argument, a queue item, with any serializer — arrives as a few dozen bytes and works over the same
 * memory there.
 */
abstract class Slotted implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the object lives. */
    final RegionRef ref;
    private transient volatile Mapping mapping;

    Slotted(RegionRef ref) {
        this.ref = ref;
    }

    /**
     * Places a new object: a slot in this process's arena, or a region of its own if it is large.
     *
     * @param kind what it is
     * @param bytes how many bytes it needs
     * @param length its length as the kind counts it
     * @param param one more number for the kind
     * @param partner a second object it needs, or null
     * @return where it lives, zero-filled
     */
    static RegionRef place(byte kind, long bytes, long length, long param, RegionRef partner) {
        if (bytes <= Arena.LARGEST_SLOT) {
            Arena.Slot s = Arena.allocate(bytes);
            return new RegionRef(kind, s.region(), s.offset(), length, param, partner);
        }
        String name = Regions.newName();
        Attached.adopt(name, Regions.create(name, bytes));
        return new RegionRef(kind, name, 0, length, param, partner);
    }

    /** @return the region's mapping in this process */
    final Mapping mapping() {
        Mapping m = mapping;
        if (m == null) {
            m = Attached.get(ref.region());
            mapping = m;
        }
        return m;
    }

    /**
     * @param relative an offset inside the object
     * @return the file offset of it in the region's mapping
     */
    final long at(long relative) {
        return Regions.HEADER + ref.offset() + relative;
    }

    /** @return the compact form Java serialization writes instead of this object */
    final Object writeReplace() throws ObjectStreamException {
        return new Ref(ref);
    }

    /** @return the pid of the process whose arena or region holds this object */
    final long creatorPid() {
        return Regions.creator(mapping());
    }
}
