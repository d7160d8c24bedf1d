package dev.ipckit.demos.bench.jmh;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The values the serializer benchmark encodes: a small object, a collection of them, a 1 MiB array. */
public final class Shapes {
    /** The shapes' names, as the {@code shape} parameter and the {@code --json} field. */
    public static final List<String> NAMES = List.of("small", "collection", "array");
    /** Objects in the collection. */
    public static final int COLLECTION_SIZE = 1_000;
    /** Bytes in the array. */
    public static final int ARRAY_BYTES = 1 << 20;

    private Shapes() {
    }

    /**
     * A small object as a task or a message would carry: four fields, one a short string.
     *
     * @param id an id
     * @param customer a name
     * @param amount an amount
     * @param quantity a count
     */
    public record Order(long id, String customer, double amount, int quantity) implements Serializable {
    }

    /**
     * @param shape one of {@link #NAMES}
     * @return a fresh value of that shape
     */
    public static Object make(String shape) {
        return switch (shape) {
            case "small" -> new Order(42, "customer-42", 99.5, 3);
            case "collection" -> {
                List<Order> orders = new ArrayList<>();
                for (int i = 0; i < COLLECTION_SIZE; i++) {
                    orders.add(new Order(i, "customer-" + i, i * 1.5, i % 7));
                }
                yield orders;
            }
            case "array" -> {
                byte[] b = new byte[ARRAY_BYTES];
                new Random(42).nextBytes(b);
                yield b;
            }
            default -> throw new IllegalArgumentException("unknown shape, shape=" + shape + ", known=" + NAMES);
        };
    }

    /** @return a label for tables: "small object", "1,000 objects", "1 MiB byte[]" */
    public static String label(String shape) {
        return switch (shape) {
            case "small" -> "small object";
            case "collection" -> String.format("%,d objects", COLLECTION_SIZE);
            default -> "1 MiB byte[]";
        };
    }
}
