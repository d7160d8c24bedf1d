package dev.ipckit.demos.bench.jmh;

import dev.ipckit.Fn;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The values the serializer benchmark encodes: a small object, a 1 KiB record, a collection of small objects,
 * primitive arrays, a pool's chunk of boxed ints, a pool's work message (a lambda and a packed chunk) and a
 * 1 MiB array.
 */
public final class Shapes {
    /** The shapes' names, as the {@code shape} parameter and the {@code --json} field. */
    public static final List<String> NAMES = List.of("small", "record1k", "collection", "longs", "doubles",
            "boxed", "work", "array");
    /** Objects in the collection. */
    public static final int COLLECTION_SIZE = 1_000;
    /** Elements in the primitive arrays and in the chunk of boxed ints. */
    public static final int CHUNK = 1_000;
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
     * A record of about 1 KiB encoded: a title, an 800-character body, 32 tags and a few numbers.
     *
     * @param id an id
     * @param title a short title
     * @param body 800 characters of text
     * @param tags 32 small numbers
     * @param score a score
     * @param created a time stamp
     */
    public record Document(long id, String title, String body, int[] tags, double score, long created)
            implements Serializable {
    }

    /**
     * What a pool sends a worker ({@code PoolWire.Work}'s shape): the chunk id, the function's id, the
     * function (a serializable lambda, sent the first time a worker sees it) and the chunk's arguments, which
     * a chunk of ints crosses as (an {@code int[]}).
     *
     * @param chunk the chunk id
     * @param fnId the function's id
     * @param fn the function
     * @param args the arguments, packed
     */
    public record Work(long chunk, int fnId, Fn<Object, Object> fn, Object args) implements Serializable {
    }

    /**
     * @param shape one of {@link #NAMES}
     * @return a fresh value of that shape
     */
    public static Object make(String shape) {
        return switch (shape) {
            case "small" -> new Order(42, "customer-42", 99.5, 3);
            case "record1k" -> new Document(7, "quarterly report 7", "lorem ipsum dolor sit amet ".repeat(30)
                    .substring(0, 800), IntStream.range(0, 32).map(i -> i * 37 % 101).toArray(), 0.875,
                    1_780_000_000_000L);
            case "longs" -> new Random(42).longs(CHUNK).toArray();
            case "doubles" -> new Random(42).doubles(CHUNK).toArray();
            case "boxed" -> IntStream.range(0, CHUNK).boxed().toArray(); // a chunk that Packed leaves boxed
            case "work" -> {
                int offset = 3;
                Fn<Object, Object> fn = x -> (Integer) x * 2 + offset;
                yield new Work(12, 1, fn, IntStream.range(0, CHUNK).toArray());
            }
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

    /** @return a label for tables: "small object", "1,000 objects", "1 MiB byte[]" ... */
    public static String label(String shape) {
        return switch (shape) {
            case "small" -> "small object";
            case "record1k" -> "1 KiB record";
            case "collection" -> String.format("%,d objects", COLLECTION_SIZE);
            case "longs" -> String.format("long[%,d]", CHUNK);
            case "doubles" -> String.format("double[%,d]", CHUNK);
            case "boxed" -> String.format("%,d boxed ints", CHUNK);
            case "work" -> String.format("pool work: lambda + int[%,d]", CHUNK);
            default -> "1 MiB byte[]";
        };
    }
}
