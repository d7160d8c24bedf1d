package dev.ipckit.serial;

import dev.ipckit.SerializationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Function;

/** Types and helpers shared by the serializer tests. */
final class Fixtures {

    private Fixtures() {
    }

    record Point(int x, int y) implements Serializable {
    }

    record Blob(String name, long[] values) implements Serializable {
    }

    /** A mutable node for cyclic graphs. */
    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        Node next;

        Node(String name) {
            this.name = name;
        }
    }

    /** No no-arg constructor, final fields. */
    static final class Money implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long cents;
        private final String currency;

        Money(long cents, String currency) {
            this.cents = cents;
            this.currency = currency;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Money m && m.cents == cents && m.currency.equals(currency);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cents, currency);
        }
    }

    /** Not Serializable. */
    static final class Opaque {
        final int value = 1;
    }

    /** Holds an {@link Opaque} so the failing class is nested. */
    static final class Holder implements Serializable {
        private static final long serialVersionUID = 1L;
        final Opaque inside = new Opaque();
    }

    static final class AppException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        AppException(String message, int code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }

    static Function<Integer, Integer> adder(int offset) {
        return (Function<Integer, Integer> & Serializable) x -> x + offset;
    }

    @SuppressWarnings("unchecked")
    static <T> T javaCopy(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new SerializationException("test copy failed", e);
        }
    }
}
