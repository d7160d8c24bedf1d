package dev.ipckit.spi;

import dev.ipckit.WaitStrategy;

/**
 * What a transport needs to know to open a link.
 *
 * @param name the child's name, for thread names and messages
 * @param maxFrameSize the largest frame payload accepted, in bytes
 * @param authkey the parent's secret, shared with its children through the bootstrap only; transports
 *     that cross a network authenticate with it
 * @param waitStrategy how the link's readers and writers wait
 */
public record LinkOptions(String name, int maxFrameSize, byte[] authkey, WaitStrategy waitStrategy) {

    /**
     * Options with the default wait strategy.
     *
     * @param name the child's name
     * @param maxFrameSize the largest frame payload accepted
     * @param authkey the parent's secret
     */
    public LinkOptions(String name, int maxFrameSize, byte[] authkey) {
        this(name, maxFrameSize, authkey, WaitStrategy.defaults());
    }
}
