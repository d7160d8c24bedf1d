package dev.ipckit.demos.bench;

import java.util.List;
import java.util.Random;

/** The message sizes the rtt and throughput benchmarks measure, and their labels. */
final class Payloads {
    /** 64 B, 1 KiB, 64 KiB, 1 MiB. */
    static final List<Integer> SIZES = List.of(64, 1024, 64 * 1024, 1024 * 1024);

    private Payloads() {
    }

    /** @return "64 B", "1 KiB", "64 KiB", "1 MiB" */
    static String label(int bytes) {
        if (bytes >= 1 << 20) {
            return (bytes >> 20) + " MiB";
        }
        return bytes >= 1024 ? (bytes >> 10) + " KiB" : bytes + " B";
    }

    /** @return {@code size} random bytes, the same for every run */
    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }
}
