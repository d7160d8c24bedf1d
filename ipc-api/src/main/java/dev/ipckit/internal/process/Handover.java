package dev.ipckit.internal.process;

import dev.ipckit.SerializationException;
import dev.ipckit.internal.pipe.EndRef;
import dev.ipckit.internal.pipe.PipeEnd;
import dev.ipckit.internal.queue.OwnedQueue;
import dev.ipckit.internal.queue.RemoteQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The replacer of one hand-over: the encoder of a task (or of an attachment for a listener's client) meets
 * every object of the graph here ({@link dev.ipckit.spi.JavaIo#serialize(String, Object, UnaryOperator)}).
 * A pipe end or a queue is swapped for its reference, and what the receiving process will hold is recorded:
 * a queue's core is held at once (the session keeps it alive; nothing is lost if the launch then fails), a
 * pipe end's move takes effect only when the hand-over {@linkplain #commit() commits}, once the child was
 * really launched or the frame really sent.
 *
 * <p>Confined to the thread that serializes and then commits.
 */
final class Handover implements UnaryOperator<Object> {
    private final ChildSession target;
    private final List<Runnable> onCommit = new ArrayList<>();

    /** @param target the process the objects are handed to */
    Handover(ChildSession target) {
        this.target = target;
    }

    /**
     * @param value an object of the graph being written
     * @return the reference to write in its place, or the object itself
     * @throws SerializationException if it is a handle that cannot be handed over (closed, or a pipe end
     *     this process received from another)
     */
    @Override
    public Object apply(Object value) {
        if (value instanceof PipeEnd end) {
            EndRef ref = end.reference();
            onCommit.add(() -> end.home().moveTo(end, ref, target));
            return ref;
        }
        if (value instanceof OwnedQueue<?> queue) {
            return queue.handOver(target::holdQueue);
        }
        if (value instanceof RemoteQueue<?> queue) {
            return queue.passOn(target::forwardQueue);
        }
        return value;
    }

    /** The objects were sent: the recorded moves take effect. */
    void commit() {
        onCommit.forEach(Runnable::run);
    }
}
