package dev.ipckit.internal.process;

import dev.ipckit.Connection;
import dev.ipckit.Task;

/**
 * What a warm spare runs before it is given a task: ipckit's own code, never the user's. Its pipe end is
 * real, so deserializing it, sending bytes and an object, and closing it take the same paths a user's task
 * takes first; the parent reads and discards what comes.
 */
public final class WarmUpTask implements Task {
    private static final long serialVersionUID = 1L;
    /** The object sent after the bytes: the parent checks it came. */
    public static final String DONE = "warm";

    private final Connection out;

    /** @param out the write end of a pipe whose read end the parent holds */
    public WarmUpTask(Connection out) {
        this.out = out;
    }

    @Override
    public void run() {
        out.sendBytes(new byte[] {1, 2});
        out.send(DONE);
        out.close();
    }
}
