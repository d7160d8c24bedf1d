package dev.ipckit.internal.pipe;

/**
 * Where a pipe end of this process belongs, and how it leaves for a child: the {@link Router} of this
 * process for an end it created, or the runtime of the link an end came through for one it received
 * (that end is then relayed through this process to the child).
 */
public interface EndHome {
    /**
     * @param end an open end of this home, being handed over
     * @return the reference the child gets in its place, in this process's ids
     */
    EndRef reference(PipeEnd end);

    /**
     * The hand-over that carried {@code ref} was sent: the end now lives in the child, and frames already
     * waiting for it follow it there.
     *
     * @param end the end
     * @param ref what {@link #reference} gave for it
     * @param child the child that now holds it
     */
    void moveTo(PipeEnd end, EndRef ref, Router.Holder child);

    /** @param id an end closed here: nothing is delivered to it any more */
    void forget(int id);
}
