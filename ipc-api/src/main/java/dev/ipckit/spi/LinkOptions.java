package dev.ipckit.spi;

/**
 * What a transport needs to know to open a link.
 *
 * @param name the child's name, for thread names and messages
 * @param maxFrameSize the largest frame payload accepted, in bytes
 * @param authkey the parent's secret, shared with its children through the bootstrap only; transports
 *     that cross a network authenticate with it
 */
public record LinkOptions(String name, int maxFrameSize, byte[] authkey) {
}
