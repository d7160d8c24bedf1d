/**
 * For implementors of transports, not for users: the {@link dev.ipckit.spi.Transport} provider found
 * by {@link java.util.ServiceLoader}, the {@link dev.ipckit.spi.Link} it opens, and the one frame format
 * ({@link dev.ipckit.spi.FrameDescriptor}) every transport carries. Stream transports reuse
 * {@link dev.ipckit.spi.stream}.
 */
package dev.ipckit.spi;
