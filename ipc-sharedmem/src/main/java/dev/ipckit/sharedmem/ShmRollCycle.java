package dev.ipckit.sharedmem;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.RollCycleArithmetic;


/**
 * One cycle file per second of traffic, so that a reader can delete what it has read soon after and a
 * busy link keeps only a second or two of data on tmpfs. Room for 2^30 excerpts a second (Chronicle's
 * {@code TEST_SECONDLY} has the period but an index entry every 4 excerpts; this one every 64).
 */
enum ShmRollCycle implements RollCycle {
    /** One-second cycles. */
    SECONDLY("yyyyMMdd-HHmmss'I'", 1000, 4 << 10, 64);

    private final String format;
    private final int lengthInMillis;
    private final RollCycleArithmetic arithmetic;

    ShmRollCycle(String format, int lengthInMillis, int indexCount, int indexSpacing) {
        this.format = format;
        this.lengthInMillis = lengthInMillis;
        this.arithmetic = RollCycleArithmetic.of(indexCount, indexSpacing);
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public int lengthInMillis() {
        return lengthInMillis;
    }

    @Override
    public int defaultIndexCount() {
        return arithmetic.indexCount();
    }

    @Override
    public int defaultIndexSpacing() {
        return arithmetic.indexSpacing();
    }

    @Override
    public long toIndex(int cycle, long sequenceNumber) {
        return arithmetic.toIndex(cycle, sequenceNumber);
    }

    @Override
    public long toSequenceNumber(long index) {
        return arithmetic.toSequenceNumber(index);
    }

    @Override
    public int toCycle(long index) {
        return arithmetic.toCycle(index);
    }

    @Override
    public long maxMessagesPerCycle() {
        return arithmetic.maxMessagesPerCycle();
    }
}
