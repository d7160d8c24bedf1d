package dev.ipckit.shared;

import dev.ipckit.internal.region.RegionRef;
import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;

/**
 * The Java-serialization form of every shared object: its {@link RegionRef} written field by field, about a
 * hundred bytes with the stream's own header — so a handle stays small with {@code JavaSerializer} too (Kryo
 * writes the object's one field directly). Read back, it becomes the object again.
 */
final class Ref implements Externalizable {
    private static final long serialVersionUID = 1L;

    private RegionRef ref;

    /** For Java serialization only. */
    public Ref() {
    }

    Ref(RegionRef ref) {
        this.ref = ref;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        write(out, ref);
    }

    private static void write(ObjectOutput out, RegionRef r) throws IOException {
        out.writeByte(r.kind());
        out.writeUTF(r.region());
        out.writeLong(r.offset());
        out.writeLong(r.length());
        out.writeLong(r.param());
        out.writeBoolean(r.partner() != null);
        if (r.partner() != null) {
            write(out, r.partner());
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        ref = read(in, 0);
    }

    private static RegionRef read(ObjectInput in, int depth) throws IOException {
        byte kind = in.readByte();
        String region = in.readUTF();
        long offset = in.readLong();
        long length = in.readLong();
        long param = in.readLong();
        RegionRef partner = null;
        if (in.readBoolean()) {
            if (depth > 0) {
                throw new InvalidObjectException("a shared object's partner cannot have a partner");
            }
            partner = read(in, depth + 1);
        }
        try {
            return new RegionRef(kind, region, offset, length, param, partner);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException("bad shared object reference: " + e.getMessage());
        }
    }

    private Object readResolve() throws ObjectStreamException {
        return switch (ref.kind()) {
            case RegionRef.BUFFER -> new SharedBuffer(ref);
            case RegionRef.LONG -> new SharedLong(ref);
            case RegionRef.DOUBLE -> new SharedDouble(ref);
            case RegionRef.LONG_ARRAY -> new SharedLongArray(ref);
            case RegionRef.DOUBLE_ARRAY -> new SharedDoubleArray(ref);
            case RegionRef.LOCK -> new ProcessLock(ref);
            case RegionRef.SEMAPHORE -> new ProcessSemaphore(ref);
            case RegionRef.EVENT -> new ProcessEvent(ref);
            case RegionRef.BARRIER -> new ProcessBarrier(ref);
            case RegionRef.CONDITION -> {
                if (ref.partner() == null || ref.partner().kind() != RegionRef.LOCK) {
                    throw new InvalidObjectException("a condition's reference must name its lock");
                }
                yield new ProcessCondition(ref, new ProcessLock(ref.partner()));
            }
            default -> throw new InvalidObjectException("unknown shared object kind " + ref.kind());
        };
    }
}
