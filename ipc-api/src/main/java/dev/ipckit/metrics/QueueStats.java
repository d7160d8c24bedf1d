package dev.ipckit.metrics;

/**
 * One queue this process owns (or all of them), counted at the owner, so puts and gets of every process
 * that uses it are included.
 *
 * @param name {@code queue-N}, or {@code all} for the totals
 * @param depth items in it now (for the totals: in the open queues)
 * @param puts items put
 * @param gets items handed out: a child's prefetch counts when the items are lent to it, and an item a
 *     child gave back unread (it exited or died holding it) counts again when it is taken again, so this only
 *     grows
 * @param fullWaits puts that found the queue full, by items or bytes, and waited
 */
public record QueueStats(String name, int depth, long puts, long gets, long fullWaits) {

    /**
     * @param other another queue's counts
     * @return the sum, named as this one
     */
    public QueueStats plus(QueueStats other) {
        return new QueueStats(name, depth + other.depth, puts + other.puts, gets + other.gets,
                fullWaits + other.fullWaits);
    }
}
