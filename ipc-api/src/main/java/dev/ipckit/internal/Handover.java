package dev.ipckit.internal;

import dev.ipckit.internal.process.ChildSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The child a task is being serialized for. Pipe ends and queues captured by the task meet it in their
 * {@code writeReplace}: they record that the child will hold them, and the move takes effect only if
 * the child is really launched ({@link #commit()}).
 *
 * <p>Confined to the thread that serializes the task.
 */
public final class Handover {
    private static final ThreadLocal<Handover> CURRENT = new ThreadLocal<>();

    private final ChildSession target;
    private final List<Runnable> onCommit = new ArrayList<>();

    private Handover(ChildSession target) {
        this.target = target;
    }

    /**
     * @param target the child a task is being serialized for
     * @return the handover, now current on this thread
     */
    public static Handover begin(ChildSession target) {
        Handover h = new Handover(target);
        CURRENT.set(h);
        return h;
    }

    /** @return the handover in progress on this thread, or null */
    public static Handover current() {
        return CURRENT.get();
    }

    /** @return the child being handed things */
    public ChildSession target() {
        return target;
    }

    /** @param action run when the child is launched */
    public void onCommit(Runnable action) {
        onCommit.add(action);
    }

    /** Ends serialization; the handover is no longer current. */
    public void end() {
        CURRENT.remove();
    }

    /** The child was launched: the recorded moves take effect. */
    public void commit() {
        onCommit.forEach(Runnable::run);
    }
}
