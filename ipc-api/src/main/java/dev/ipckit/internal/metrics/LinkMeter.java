package dev.ipckit.internal.metrics;

import dev.ipckit.metrics.LinkStats;

import java.util.concurrent.atomic.LongAdder;

/**
 * What crosses one link to a child, each way: a few nanoseconds per frame ({@link LongAdder}s, since any
 * thread may send and the reading thread changes when a waiter reads inline).
 */
public final class LinkMeter {
    private volatile String name;
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private boolean open;
    private boolean ended;

    /** @param name the child's name */
    public LinkMeter(String name) {
        this.name = name;
    }

    /** @param name the child's name from now on (a warm spare is named when it is given a task) */
    public void rename(String name) {
        this.name = name;
    }

    /**
     * The link is up: it is listed among the open ones until {@link #ended()}. Idempotent; nothing once
     * ended (a child that died before its link was attached).
     */
    public synchronized void opened() {
        if (!open && !ended) {
            open = true;
            Meters.get().open(this);
        }
    }

    /** @param wireBytes a frame sent, header included */
    public void sent(int wireBytes) {
        if (Meters.ON) {
            framesOut.increment();
            bytesOut.add(wireBytes);
        }
    }

    /** @param wireBytes a frame received, header included */
    public void received(int wireBytes) {
        if (Meters.ON) {
            framesIn.increment();
            bytesIn.add(wireBytes);
        }
    }

    /** The link has ended: its counts join the totals. Idempotent. */
    public void ended() {
        synchronized (this) {
            ended = true;
        }
        Meters.get().ended(this);
    }

    /** @return the counts now */
    public LinkStats stats() {
        return new LinkStats(name, framesOut.sum(), bytesOut.sum(), framesIn.sum(), bytesIn.sum());
    }
}
