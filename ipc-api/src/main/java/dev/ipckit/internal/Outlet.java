package dev.ipckit.internal;

import dev.ipckit.spi.Frame;

/** Where a handle sends its frames: the local router, or the link to the parent. */
@FunctionalInterface
public interface Outlet {

    /**
     * @param frame a frame addressed by its channel
     * @throws dev.ipckit.PeerClosedException if the way out is closed
     */
    void send(Frame frame);
}
