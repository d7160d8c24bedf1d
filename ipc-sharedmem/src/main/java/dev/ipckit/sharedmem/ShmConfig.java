package dev.ipckit.sharedmem;

import dev.ipckit.WaitStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The transport's settings: each is a system property read once per link, with its default beside it.
 * Set them on the parent's command line; the child follows what the parent's bootstrap says where the
 * two must agree (the directory), and reads the rest from its own properties.
 */
public final class ShmConfig {
    /**
     * Overrides the context's {@link WaitStrategy} for this JVM's shared-memory links: {@code busy} (spin,
     * never park: the lowest latency, a core per waiting thread), {@code yield} (yield, never park) or
     * {@code backoff} (the context's strategy).
     */
    public static final String IDLE_PROP = "ipckit.shm.idle";
    /** Default: the context's strategy. */
    public static final String IDLE_DEFAULT = "backoff";

    /** Overrides the longest park of the wait strategy, in microseconds: the wake-up latency of an idle link. */
    public static final String MAX_PARK_MICROS_PROP = "ipckit.shm.maxParkMicros";

    /** Where link directories are made. */
    public static final String DIR_PROP = "ipckit.shm.dir";

    /** Bytes a sender may be ahead of its reader before {@code send} waits (back-pressure). */
    public static final String MAX_QUEUED_BYTES_PROP = "ipckit.shm.maxQueuedBytes";
    /** Default: 64 MiB; a single larger frame is still let through when nothing else is queued. */
    public static final long MAX_QUEUED_BYTES_DEFAULT = 64L << 20;

    /** How long the parent waits for a child to connect before it gives up on it, in milliseconds. */
    public static final String CONNECT_TIMEOUT_MILLIS_PROP = "ipckit.shm.connectTimeoutMillis";
    /** Default: 60 s, for a loaded machine; a child that dies before connecting is noticed sooner. */
    public static final long CONNECT_TIMEOUT_MILLIS_DEFAULT = 60_000;

    /** How often an idle reader checks that the peer process is alive, in milliseconds. */
    public static final String PEER_CHECK_MILLIS_PROP = "ipckit.shm.peerCheckMillis";
    /** Default: 100 ms, so a killed peer is noticed well within a second. */
    public static final long PEER_CHECK_MILLIS_DEFAULT = 100;

    private ShmConfig() {
    }

    /** @return {@value #DIR_PROP} if set, else {@code /dev/shm} when it is a writable directory, else the temp dir */
    static Path root() {
        String set = System.getProperty(DIR_PROP);
        if (set != null) {
            return Path.of(set);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * @param given the context's strategy
     * @return the strategy this JVM's shared-memory links wait with: {@code given} unless
     *     {@value #IDLE_PROP} or {@value #MAX_PARK_MICROS_PROP} says otherwise
     * @throws IllegalArgumentException for an unknown {@value #IDLE_PROP}
     */
    static WaitStrategy waitStrategy(WaitStrategy given) {
        String idle = System.getProperty(IDLE_PROP, IDLE_DEFAULT);
        WaitStrategy w = switch (idle.toLowerCase(Locale.ROOT)) {
            case "busy" -> WaitStrategy.busySpin();
            case "yield" -> new WaitStrategy(0, Long.MAX_VALUE, given.maxParkNanos());
            case "backoff" -> given;
            default -> throw new IllegalArgumentException("unknown idle strategy, " + IDLE_PROP + "=" + idle
                    + ", expected busy, yield or backoff");
        };
        Long park = Long.getLong(MAX_PARK_MICROS_PROP);
        return park == null ? w : new WaitStrategy(w.spinNanos(), w.yieldNanos(), park * 1000);
    }

    static long maxQueuedBytes() {
        return Long.getLong(MAX_QUEUED_BYTES_PROP, MAX_QUEUED_BYTES_DEFAULT);
    }

    static long connectTimeoutMillis() {
        return Long.getLong(CONNECT_TIMEOUT_MILLIS_PROP, CONNECT_TIMEOUT_MILLIS_DEFAULT);
    }

    static long peerCheckNanos() {
        return Long.getLong(PEER_CHECK_MILLIS_PROP, PEER_CHECK_MILLIS_DEFAULT) * 1_000_000;
    }
}
