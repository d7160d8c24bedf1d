package dev.ipckit.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.ipckit.SerializationException;
import dev.ipckit.internal.shm.Attached;
import dev.ipckit.internal.shm.AutoShare;
import dev.ipckit.shared.SharedBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kryo serializers for {@code byte[]}, {@code int[]}, {@code long[]}, {@code double[]} and {@link ByteBuffer}
 * that take part in automatic sharing ({@link AutoShare}): inside a sharing scope, a large one is written as
 * a reference to shared memory; otherwise inline, as Kryo's own array serializers do.
 *
 * <p>Format: a varint tag, 0 for null, 1 for a shared reference (a {@link SharedBuffer} follows), {@code n + 2}
 * for {@code n} elements inline (then the elements). A strict serializer never writes a reference and refuses
 * to read one: a peer that is not trusted must not make this process map memory of its naming.
 */
final class KryoSharingSerializers {
    private static final int NULL = 0;
    private static final int SHARED = 1;
    private static final int INLINE = 2;

    private KryoSharingSerializers() {
    }

    /**
     * Installs the serializers as defaults; call before registering any class.
     *
     * @param kryo the Kryo to configure
     * @param strict whether the serializer is strict (then nothing is shared)
     */
    static void install(Kryo kryo, boolean strict) {
        kryo.addDefaultSerializer(byte[].class, new Bytes(strict));
        kryo.addDefaultSerializer(int[].class, new Ints(strict));
        kryo.addDefaultSerializer(long[].class, new Longs(strict));
        kryo.addDefaultSerializer(double[].class, new Doubles(strict));
        kryo.addDefaultSerializer(ByteBuffer.class, new Buffers(strict));
    }

    /** The common part: null, shared or inline. */
    private abstract static class Sharing<T> extends Serializer<T> {
        private final boolean strict;
        private final int elementSize;

        Sharing(boolean strict, int elementSize) {
            super(true, false); // the tag carries null
            this.strict = strict;
            this.elementSize = elementSize;
        }

        @Override
        public final void write(Kryo kryo, Output output, T value) {
            if (value == null) {
                output.writeVarInt(NULL, true);
                return;
            }
            int n = length(value);
            AutoShare scope = strict ? null : AutoShare.current();
            if (scope != null && (long) n * elementSize >= scope.threshold()) {
                output.writeVarInt(SHARED, true);
                kryo.writeObject(output, scope.share(value));
                return;
            }
            output.writeVarInt(n + INLINE, true);
            writeInline(output, value, n);
        }

        @Override
        public final T read(Kryo kryo, Input input, Class<? extends T> type) {
            int tag = input.readVarInt(true);
            if (tag == NULL) {
                return null;
            }
            if (tag == SHARED) {
                if (strict) {
                    throw new SerializationException("kryo strict mode refuses a shared-memory reference");
                }
                SharedBuffer shared = kryo.readObject(input, SharedBuffer.class);
                try {
                    return fromShared(shared);
                } finally {
                    // The region is this message's alone: let go of the mapping now (a view keeps its own pages).
                    Attached.forget(shared.regionName());
                }
            }
            return readInline(input, tag - INLINE);
        }

        abstract int length(T value);

        abstract void writeInline(Output output, T value, int n);

        abstract T readInline(Input input, int n);

        abstract T fromShared(SharedBuffer shared);
    }

    private static final class Bytes extends Sharing<byte[]> {
        Bytes(boolean strict) {
            super(strict, 1);
        }

        @Override
        int length(byte[] value) {
            return value.length;
        }

        @Override
        void writeInline(Output output, byte[] value, int n) {
            output.writeBytes(value, 0, n);
        }

        @Override
        byte[] readInline(Input input, int n) {
            return input.readBytes(n);
        }

        @Override
        byte[] fromShared(SharedBuffer shared) {
            return shared.toByteArray();
        }

        @Override
        public byte[] copy(Kryo kryo, byte[] original) {
            return original.clone();
        }
    }

    private static final class Ints extends Sharing<int[]> {
        Ints(boolean strict) {
            super(strict, 4);
        }

        @Override
        int length(int[] value) {
            return value.length;
        }

        @Override
        void writeInline(Output output, int[] value, int n) {
            output.writeInts(value, 0, n, false);
        }

        @Override
        int[] readInline(Input input, int n) {
            return input.readInts(n, false);
        }

        @Override
        int[] fromShared(SharedBuffer shared) {
            return shared.toIntArray();
        }

        @Override
        public int[] copy(Kryo kryo, int[] original) {
            return original.clone();
        }
    }

    private static final class Longs extends Sharing<long[]> {
        Longs(boolean strict) {
            super(strict, 8);
        }

        @Override
        int length(long[] value) {
            return value.length;
        }

        @Override
        void writeInline(Output output, long[] value, int n) {
            output.writeLongs(value, 0, n, false);
        }

        @Override
        long[] readInline(Input input, int n) {
            return input.readLongs(n, false);
        }

        @Override
        long[] fromShared(SharedBuffer shared) {
            return shared.toLongArray();
        }

        @Override
        public long[] copy(Kryo kryo, long[] original) {
            return original.clone();
        }
    }

    private static final class Doubles extends Sharing<double[]> {
        Doubles(boolean strict) {
            super(strict, 8);
        }

        @Override
        int length(double[] value) {
            return value.length;
        }

        @Override
        void writeInline(Output output, double[] value, int n) {
            output.writeDoubles(value, 0, n);
        }

        @Override
        double[] readInline(Input input, int n) {
            return input.readDoubles(n);
        }

        @Override
        double[] fromShared(SharedBuffer shared) {
            return shared.toDoubleArray();
        }

        @Override
        public double[] copy(Kryo kryo, double[] original) {
            return original.clone();
        }
    }

    /**
     * A buffer's remaining bytes; read back as a heap buffer (inline) or a read-only view of the shared pages
     * (shared), in the byte order it was written with.
     */
    private static final class Buffers extends Sharing<ByteBuffer> {
        Buffers(boolean strict) {
            super(strict, 1);
        }

        @Override
        int length(ByteBuffer value) {
            return value.remaining();
        }

        @Override
        void writeInline(Output output, ByteBuffer value, int n) {
            output.writeBoolean(value.order() == ByteOrder.BIG_ENDIAN);
            byte[] bytes = new byte[n];
            value.duplicate().get(bytes);
            output.writeBytes(bytes);
        }

        @Override
        ByteBuffer readInline(Input input, int n) {
            ByteOrder order = input.readBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            return ByteBuffer.wrap(input.readBytes(n)).order(order);
        }

        @Override
        ByteBuffer fromShared(SharedBuffer shared) {
            return shared.asByteBuffer();
        }

        @Override
        public ByteBuffer copy(Kryo kryo, ByteBuffer original) {
            ByteBuffer c = ByteBuffer.allocate(original.remaining()).order(original.order());
            return c.put(original.duplicate()).flip();
        }
    }
}
