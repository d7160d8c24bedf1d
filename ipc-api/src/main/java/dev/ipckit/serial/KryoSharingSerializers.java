package dev.ipckit.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.ipckit.IpcException;
import dev.ipckit.SerializationException;
import dev.ipckit.internal.autoshare.AutoShare;
import dev.ipckit.shared.SharedBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Kryo serializers for {@code byte[]}, {@code int[]}, {@code long[]} and {@code double[]} that take part in
 * automatic sharing ({@link AutoShare}): inside a sharing scope, a large one is written as a reference to
 * shared memory (or inline if tmpfs has no room); otherwise inline, as Kryo's own array serializers do. And
 * one for {@link ByteBuffer}, which Kryo cannot serialize on its own, always inline.
 *
 * <p>Format: a varint tag, 0 for null, 1 for a shared reference (the region's name and the element count
 * follow), {@code n + 2} for {@code n} elements inline (then the elements). The receiver maps a shared array
 * privately, copies it out and unmaps it at once. A strict serializer never writes a reference and refuses
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
        private final boolean shareable;
        private final int elementSize;

        Sharing(boolean strict, int elementSize, boolean shareable) {
            super(true, false); // the tag carries null
            this.strict = strict;
            this.shareable = shareable;
            this.elementSize = elementSize;
        }

        @Override
        public final void write(Kryo kryo, Output output, T value) {
            if (value == null) {
                output.writeVarInt(NULL, true);
                return;
            }
            int n = length(value);
            AutoShare scope = strict || !shareable ? null : AutoShare.current();
            if (scope != null && (long) n * elementSize >= scope.threshold()) {
                SharedBuffer shared = null;
                try {
                    shared = scope.share(value);
                } catch (IpcException | InternalError noRoom) {
                    // tmpfs full (or filled while copying: the JDK reports SIGBUS as InternalError): send inline
                }
                if (shared != null) {
                    output.writeVarInt(SHARED, true);
                    output.writeString(shared.regionName());
                    output.writeVarInt(n, true);
                    return;
                }
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
                if (!shareable) {
                    throw new SerializationException("a " + name() + " is never sent as a shared-memory reference");
                }
                String region = input.readString();
                int n = input.readVarInt(true);
                try {
                    return fromShared(region, n);
                } catch (IpcException | IllegalArgumentException e) {
                    throw new SerializationException("cannot read a shared " + name() + ", region=" + region + ": "
                            + e.getMessage(), e);
                }
            }
            return readInline(input, tag - INLINE);
        }

        abstract int length(T value);

        abstract void writeInline(Output output, T value, int n);

        abstract T readInline(Input input, int n);

        /** Copies a shared array out of its region (mapped privately, unmapped at once). */
        abstract T fromShared(String region, int n);

        abstract String name();
    }

    private static final class Bytes extends Sharing<byte[]> {
        Bytes(boolean strict) {
            super(strict, 1, true);
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
        byte[] fromShared(String region, int n) {
            return AutoShare.copyOut(region, n, 1, byte[]::new,
                    (out, view, from, count) -> view.get(out, from, count));
        }

        @Override
        String name() {
            return "byte[]";
        }

        @Override
        public byte[] copy(Kryo kryo, byte[] original) {
            return original.clone();
        }
    }

    private static final class Ints extends Sharing<int[]> {
        Ints(boolean strict) {
            super(strict, 4, true);
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
        int[] fromShared(String region, int n) {
            return AutoShare.copyOut(region, n, 4, int[]::new,
                    (out, view, from, count) -> view.asIntBuffer().get(out, from, count));
        }

        @Override
        String name() {
            return "int[]";
        }

        @Override
        public int[] copy(Kryo kryo, int[] original) {
            return original.clone();
        }
    }

    private static final class Longs extends Sharing<long[]> {
        Longs(boolean strict) {
            super(strict, 8, true);
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
        long[] fromShared(String region, int n) {
            return AutoShare.copyOut(region, n, 8, long[]::new,
                    (out, view, from, count) -> view.asLongBuffer().get(out, from, count));
        }

        @Override
        String name() {
            return "long[]";
        }

        @Override
        public long[] copy(Kryo kryo, long[] original) {
            return original.clone();
        }
    }

    private static final class Doubles extends Sharing<double[]> {
        Doubles(boolean strict) {
            super(strict, 8, true);
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
        double[] fromShared(String region, int n) {
            return AutoShare.copyOut(region, n, 8, double[]::new,
                    (out, view, from, count) -> view.asDoubleBuffer().get(out, from, count));
        }

        @Override
        String name() {
            return "double[]";
        }

        @Override
        public double[] copy(Kryo kryo, double[] original) {
            return original.clone();
        }
    }

    /**
     * A buffer's remaining bytes, always inline (never shared automatically: a view of shared pages would be
     * read-only and native-ordered above the threshold only); read back as a heap buffer in the byte order it
     * was written with. For zero-copy input, share it explicitly with {@code ctx.share(buffer)}.
     */
    private static final class Buffers extends Sharing<ByteBuffer> {
        Buffers(boolean strict) {
            super(strict, 1, false);
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
        ByteBuffer fromShared(String region, int n) {
            throw new SerializationException("a ByteBuffer is never sent as a shared-memory reference");
        }

        @Override
        String name() {
            return "ByteBuffer";
        }

        @Override
        public ByteBuffer copy(Kryo kryo, ByteBuffer original) {
            ByteBuffer c = ByteBuffer.allocate(original.remaining()).order(original.order());
            return c.put(original.duplicate()).flip();
        }
    }
}
