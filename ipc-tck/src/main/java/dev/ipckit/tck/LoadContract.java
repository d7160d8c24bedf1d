package dev.ipckit.tck;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Four producer processes put their messages into one bounded queue; two consumer processes take them.
 * Every message carries its producer, its sequence number and a value derived from both. Checked at the
 * end: every message delivered exactly once (each consumer's sequence numbers as bit sets: no bit twice,
 * none missing), each producer's order kept as each consumer saw it, no value changed, and the sum of
 * all values equal to the sum the producers put.
 *
 * <p>CI runs {@value #MESSAGES_DEFAULT} messages per producer. The full run is
 * {@value #MESSAGES_PROP}{@code =2500000} (10 million messages); {@value #SOAK_MINUTES_PROP}{@code =60}
 * repeats the run with fresh processes until an hour has passed (the {@code long} Maven profile and the
 * README give the commands).
 */
public abstract class LoadContract extends ContractBase {
    /** System property: messages per producer. */
    public static final String MESSAGES_PROP = "ipckit.load.messages";
    /** System property: minutes to repeat the run for (a soak); 0 runs it once. */
    public static final String SOAK_MINUTES_PROP = "ipckit.soak.minutes";
    /** Messages per producer in CI. */
    public static final int MESSAGES_DEFAULT = 1_000;
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 2;
    private static final int CAPACITY = 10_000;
    /** The slowest rate a run may have before it counts as hung: far below any transport's, messages/s. */
    private static final long MIN_RATE = 1_000;
    private static final long STOP = -1;

    /** What a consumer saw. */
    record Seen(long taken, long sum, long corrupt, long duplicates, long reordered, long[][] bits)
            implements Serializable {
    }

    /** A value that depends on producer and sequence number alike (SplitMix64). */
    static long valueOf(long producer, long seq) {
        long z = producer * 0x9E3779B97F4A7C15L + seq + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS) // the full run and the soak; each run has its own limit below
    public void shouldDeliverEveryMessageExactlyOnceInEachProducersOrder() {
        long perProducer = Long.getLong(MESSAGES_PROP, MESSAGES_DEFAULT);
        long soakNanos = TimeUnit.MINUTES.toNanos(Long.getLong(SOAK_MINUTES_PROP, 0));
        long t0 = System.nanoTime();
        int runs = 0;
        do {
            Duration limit = Duration.ofSeconds(60 + PRODUCERS * perProducer / MIN_RATE);
            int run = ++runs;
            assertTimeoutPreemptively(limit, () -> runOnce(perProducer, run), "no progress: a hang");
        } while (System.nanoTime() - t0 < soakNanos);
    }

    private void runOnce(long perProducer, int run) throws Exception {
        IpcContext ctx = ctx();
        Queue<long[]> q = ctx.queue(CAPACITY);
        Queue<Seen> results = ctx.queue();
        List<IpcProcess> consumers = new ArrayList<>();
        List<IpcProcess> producers = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int c = 0; c < CONSUMERS; c++) {
                consumers.add(track(ctx.process(() -> results.put(consume(q, perProducer))).name("consumer-" + c))
                        .start());
            }
            for (int p = 0; p < PRODUCERS; p++) {
                long producer = p;
                producers.add(track(ctx.process(() -> {
                    for (long seq = 0; seq < perProducer; seq++) {
                        q.put(new long[] {producer, seq, valueOf(producer, seq)});
                    }
                }).name("producer-" + p)).start());
            }
            for (IpcProcess p : producers) {
                p.join();
                assertEquals(0, p.exitCode().orElseThrow(), p.name() + " failed");
            }
            for (int c = 0; c < CONSUMERS; c++) {
                q.put(new long[] {STOP, 0, 0});
            }
            List<Seen> seen = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                seen.add(results.take());
            }
            for (IpcProcess c : consumers) {
                c.join();
                assertEquals(0, c.exitCode().orElseThrow(), c.name() + " failed");
            }
            check(seen, perProducer, run, (System.nanoTime() - t0) / 1e9);
        } finally {
            consumers.forEach(ContractBase::reap);
            producers.forEach(ContractBase::reap);
        }
    }

    /** Runs in a consumer: takes until told to stop. */
    static Seen consume(Queue<long[]> q, long perProducer) {
        BitSet[] bits = new BitSet[PRODUCERS];
        long[] last = new long[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            bits[p] = new BitSet((int) perProducer);
            last[p] = -1;
        }
        long taken = 0;
        long sum = 0;
        long corrupt = 0;
        long duplicates = 0;
        long reordered = 0;
        while (true) {
            long[] m = q.take();
            if (m[0] == STOP) {
                break;
            }
            taken++;
            int p = (int) m[0];
            long seq = m[1];
            if (p < 0 || p >= PRODUCERS || seq < 0 || seq >= perProducer || m[2] != valueOf(p, seq)) {
                corrupt++;
                continue;
            }
            sum += m[2];
            if (bits[p].get((int) seq)) {
                duplicates++;
            }
            bits[p].set((int) seq);
            if (seq <= last[p]) {
                reordered++;
            }
            last[p] = seq;
        }
        long[][] words = new long[PRODUCERS][];
        for (int p = 0; p < PRODUCERS; p++) {
            words[p] = bits[p].toLongArray();
        }
        return new Seen(taken, sum, corrupt, duplicates, reordered, words);
    }

    private void check(List<Seen> seen, long perProducer, int run, double seconds) {
        long expectedSum = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            for (long seq = 0; seq < perProducer; seq++) {
                expectedSum += valueOf(p, seq);
            }
        }
        long taken = 0;
        long sum = 0;
        long corrupt = 0;
        long duplicates = 0;
        long reordered = 0;
        long lost = 0;
        for (Seen s : seen) {
            taken += s.taken();
            sum += s.sum();
            corrupt += s.corrupt();
            duplicates += s.duplicates();
            reordered += s.reordered();
        }
        for (int p = 0; p < PRODUCERS; p++) {
            BitSet union = new BitSet();
            for (Seen s : seen) {
                BitSet mine = BitSet.valueOf(s.bits()[p]);
                BitSet both = (BitSet) union.clone();
                both.and(mine);
                duplicates += both.cardinality(); // taken by both consumers
                union.or(mine);
            }
            lost += perProducer - union.cardinality();
        }
        long total = PRODUCERS * perProducer;
        System.out.printf("load: transport=%s run=%d producers=%d consumers=%d messages=%d taken=%d lost=%d "
                        + "duplicated=%d reordered=%d corrupt=%d checksum=%s seconds=%.1f rate=%.0f/s%n",
                transport(), run, PRODUCERS, CONSUMERS, total, taken, lost, duplicates, reordered, corrupt,
                sum == expectedSum ? "ok" : "MISMATCH", seconds, total / seconds);
        assertEquals(0, lost, "messages lost");
        assertEquals(0, duplicates, "messages delivered twice");
        assertEquals(0, reordered, "a producer's order not kept");
        assertEquals(0, corrupt, "messages changed");
        assertEquals(total, taken, "messages taken");
        assertEquals(expectedSum, sum, "checksum");
    }
}
