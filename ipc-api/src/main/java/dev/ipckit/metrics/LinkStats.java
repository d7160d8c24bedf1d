package dev.ipckit.metrics;

/**
 * What crossed one link (or all of them), counted in the process that holds the parent's end.
 *
 * @param name the child's name ({@code Process-1}, {@code PoolWorker-2}; names are not unique: two pools
 *     each have a {@code PoolWorker-1}), or {@code all} for the totals
 * @param framesOut frames sent to the child
 * @param bytesOut their bytes on the wire (payload and header)
 * @param framesIn frames received from the child
 * @param bytesIn their bytes on the wire
 */
public record LinkStats(String name, long framesOut, long bytesOut, long framesIn, long bytesIn) {

    /**
     * @param other another link's counts
     * @return the sum, named as this one
     */
    public LinkStats plus(LinkStats other) {
        return new LinkStats(name, framesOut + other.framesOut, bytesOut + other.bytesOut,
                framesIn + other.framesIn, bytesIn + other.bytesIn);
    }
}
