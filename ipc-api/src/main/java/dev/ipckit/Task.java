package dev.ipckit;

import java.io.Serializable;

/**
 * What a child process runs: Python's {@code target}. A lambda of this type is serializable, so its
 * captured values are the arguments: {@code ctx.process(() -> download(queue, 4))}. A record or class
 * implementing it carries its arguments as fields.
 *
 * <p>Everything a task captures is serialized with Java serialization when the process starts, and a
 * value that cannot be is reported then, in the parent, naming its class. {@link Connection}s and
 * {@link Queue}s may be captured: the child gets its own handle to the same channel.
 */
@FunctionalInterface
public interface Task extends Serializable {

    /**
     * Runs in the child. Returning ends the child with exit code 0 (once its non-daemon threads end);
     * throwing prints the exception in Python's traceback style, reports it to the parent, and ends the
     * child with exit code 1.
     *
     * @throws Exception anything; it is carried to the parent as a {@link RemoteException}
     */
    void run() throws Exception;
}
