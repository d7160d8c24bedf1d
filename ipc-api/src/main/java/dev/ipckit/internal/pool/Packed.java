package dev.ipckit.internal.pool;

import java.util.Arrays;

/**
 * The arguments or results of a chunk as they cross: a chunk whose values are all {@code Integer},
 * {@code Long}, {@code Double} or {@code String} goes as one {@code int[]}, {@code long[]}, {@code double[]}
 * or {@code String[]} — one array for the serializer instead of a class tag and an object per value, so a
 * chunk of 1000 ints costs a few microseconds to encode and decode, warm or cold. Anything else (mixed
 * types, nulls among boxed numbers, records) goes as the {@code Object[]} it is.
 */
final class Packed {
    private Packed() {
    }

    /**
     * @param values a chunk's arguments or results
     * @return a primitive or {@code String} array holding the same values, or {@code values} itself
     */
    static Object pack(Object[] values) {
        int n = values.length;
        if (n < 2 || values[0] == null) {
            return values;
        }
        Class<?> type = values[0].getClass();
        if (type != Integer.class && type != Long.class && type != Double.class && type != String.class) {
            return values;
        }
        for (Object v : values) {
            if (v == null || v.getClass() != type) {
                return values; // mixed, or a null among them: as it is
            }
        }
        if (type == Integer.class) {
            int[] a = new int[n];
            Arrays.setAll(a, i -> (Integer) values[i]);
            return a;
        }
        if (type == Long.class) {
            long[] a = new long[n];
            Arrays.setAll(a, i -> (Long) values[i]);
            return a;
        }
        if (type == Double.class) {
            double[] a = new double[n];
            Arrays.setAll(a, i -> (Double) values[i]);
            return a;
        }
        return Arrays.copyOf(values, n, String[].class);
    }

    /**
     * @param packed what {@link #pack} made
     * @return the values as an {@code Object[]} of the boxed types they were packed from
     * @throws IllegalArgumentException if it is not something {@link #pack} makes
     */
    static Object[] unpack(Object packed) {
        if (packed instanceof int[] a) {
            Object[] v = new Object[a.length];
            Arrays.setAll(v, i -> a[i]);
            return v;
        }
        if (packed instanceof long[] a) {
            Object[] v = new Object[a.length];
            Arrays.setAll(v, i -> a[i]);
            return v;
        }
        if (packed instanceof double[] a) {
            Object[] v = new Object[a.length];
            Arrays.setAll(v, i -> a[i]);
            return v;
        }
        if (packed instanceof String[] a) {
            return Arrays.copyOf(a, a.length, Object[].class);
        }
        if (packed instanceof Object[] a) {
            return a;
        }
        throw new IllegalArgumentException("not a packed chunk: " + (packed == null ? "null" : packed.getClass().getName()));
    }
}
