package dev.ipckit.serial;

import java.io.ObjectInputFilter;

/**
 * A deserialization filter for one payload: the configured filter, plus a bound on array lengths by the bytes
 * left in the payload, so corrupt data cannot allocate gigabytes. Remembers what it refused, for the message.
 */
final class BoundedInputFilter implements ObjectInputFilter {
    private final ObjectInputFilter filter;
    private final long length;
    private String refused;

    BoundedInputFilter(ObjectInputFilter filter, long length) {
        this.filter = filter;
        this.length = length;
    }

    /** @return what was refused first, as {@code class=..., depth=...}; null if nothing was */
    String refused() {
        return refused;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        Status status = filter == null ? Status.UNDECIDED : filter.checkInput(info);
        if (status != Status.REJECTED && info.arrayLength() > maxArrayLength(info)) {
            status = Status.REJECTED;
        }
        if (status == Status.REJECTED && refused == null) {
            refused = describe(info);
        }
        return status;
    }

    /**
     * An array of primitives is inline in the stream, so it cannot outgrow the bytes left. Other arrays
     * hold at least a byte per element, except hash tables sized with slack (HashMap's load factor), so
     * they get four times the bytes left plus a margin.
     */
    private long maxArrayLength(FilterInfo info) {
        long left = Math.max(0, length - info.streamBytes());
        Class<?> component = info.serialClass() == null ? null : info.serialClass().getComponentType();
        if (component != null && component.isPrimitive()) {
            return left / elementSize(component);
        }
        return 4 * left + (1 << 16);
    }

    private static int elementSize(Class<?> primitive) {
        if (primitive == long.class || primitive == double.class) {
            return 8;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        return primitive == char.class || primitive == short.class ? 2 : 1;
    }

    private static String describe(FilterInfo info) {
        StringBuilder s = new StringBuilder();
        if (info.serialClass() != null) {
            s.append("class=").append(info.serialClass().getTypeName()).append(", ");
        }
        if (info.arrayLength() >= 0) {
            s.append("arrayLength=").append(info.arrayLength()).append(", ");
        }
        return s.append("depth=").append(info.depth()).append(", references=").append(info.references())
                .append(", streamBytes=").append(info.streamBytes()).toString();
    }
}
