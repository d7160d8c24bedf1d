package dev.ipckit.serial;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo {@link Input} over one whole payload that refuses a declared length the bytes left cannot hold,
 * before Kryo allocates for it: corrupt data fails fast instead of allocating gigabytes. Covers strings and
 * arrays of primitives; {@link KryoGuards} covers the collections.
 */
final class BoundedInput extends Input {

    BoundedInput() {
        super();
    }

    /** @return how many bytes are left to read */
    int remaining() {
        return limit - position;
    }

    /** @throws KryoException if {@code count} elements of {@code minSize} bytes each cannot fit in what is left */
    void require(long count, int minSize) {
        if (count < 0 || count * minSize > remaining()) {
            throw new KryoException("declared length exceeds the bytes left, length=" + count
                    + ", remaining=" + remaining());
        }
    }

    @Override
    public String readString() {
        requireStringLength();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        requireStringLength();
        return super.readStringBuilder();
    }

    /** A UTF-8 string declares its char count up front (an ASCII one does not, and is read as it comes). */
    private void requireStringLength() {
        if (readVarIntFlag()) { // peeks: the flag bit of the next byte, set for a length-prefixed string
            int start = position;
            int charCountPlusOne = readVarIntFlag(true);
            position = start;
            if (charCountPlusOne > 1) { // 0 is null, 1 is empty
                require(charCountPlusOne - 1L, 1);
            }
        }
    }

    @Override
    public byte[] readBytes(int length) {
        require(length, 1);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        require(length, 4);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        require(length, varEncoding ? 1 : 4);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        require(length, 8);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        require(length, varEncoding ? 1 : 8);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        require(length, 4);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        require(length, 8);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        require(length, 2);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        require(length, 2);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        require(length, 1);
        return super.readBooleans(length);
    }
}
