package dev.ipckit.demos.bench;

import dev.ipckit.Ipc;
import dev.ipckit.IpcProcess;

import java.time.Duration;

/** Ends the children a benchmark started: join first, kill by the handle only if the join times out. */
final class Children {
    /** Long enough for a child to write a CDS archive at exit on a busy 2-core machine. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private Children() {
    }

    /**
     * Joins the child (killing it if it does not end in time), releases its handle, and reports an
     * unclean end on stderr.
     *
     * @param p a started child whose task will return once its peer closes
     * @return whether it ended by itself with exit code 0
     */
    static boolean end(IpcProcess p) {
        boolean clean = p.join(JOIN_TIMEOUT);
        if (!clean) {
            System.err.println("bench: child did not end in time, killing it, process=" + p.name() + ", pid=" + p.pid());
            p.kill();
            p.join(Duration.ofSeconds(10));
        }
        clean &= p.exitCode().orElse(-1) == 0;
        if (!clean) {
            System.err.println("bench: child ended badly, process=" + p.name() + ", exitCode=" + p.exitCode()
                    + ", failure=" + p.failure().map(Throwable::toString).orElse("none"));
        }
        if (!p.isAlive()) {
            p.close();
        }
        return clean;
    }

    /** Prints a warning if any child of this JVM is still alive: a benchmark must end what it starts. */
    static void checkNoneLeft(String benchmark) {
        int left = Ipc.activeChildren().size();
        if (left > 0) {
            System.err.println("bench: children still alive after a benchmark, benchmark=" + benchmark + ", count="
                    + left);
        }
    }
}
