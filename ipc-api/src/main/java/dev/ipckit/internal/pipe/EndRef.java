package dev.ipckit.internal.pipe;

import dev.ipckit.Serializer;

import java.io.Serializable;

/**
 * What crosses to a child in place of a {@link PipeEnd} ({@link PipeEnd#reference()}): ids and options. The
 * receiving runtime's resolver makes it an end whose frames go through the link to the parent.
 *
 * @param id the end's id in the parent
 * @param peerId the other end's id
 * @param readable whether it may receive
 * @param writable whether it may send
 * @param serializer the pipe's serializer
 * @param window the end's flow control where it was ({@link Window#state})
 */
public record EndRef(int id, int peerId, boolean readable, boolean writable, Serializer serializer, long[] window)
        implements Serializable {

    /** @return the end's window, in the state it had where it came from */
    public Window newWindow() {
        return Window.of(window);
    }
}
