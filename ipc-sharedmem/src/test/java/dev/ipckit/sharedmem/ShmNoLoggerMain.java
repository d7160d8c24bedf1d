package dev.ipckit.sharedmem;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;

import java.time.Duration;

/**
 * Not a test: a parent on this transport, started by {@code ShmLoggingTest} on a class path with no SLF4J
 * provider, as in a user's project that has none. It starts one child that answers over a pipe, then prints
 * {@code DONE}; what the two JVMs print to stderr is what the test reads.
 */
public final class ShmNoLoggerMain {
    private ShmNoLoggerMain() {
    }

    /** @param args unused */
    public static void main(String[] args) {
        IpcContext ctx = Ipc.context(SharedMemTransport.NAME);
        Pipe pipe = ctx.pipe();
        Connection end = pipe.right();
        IpcProcess p = ctx.process(() -> end.send("hello from the child")).name("no-logger").start();
        try {
            System.out.println(pipe.left().recv(Duration.ofSeconds(60)).orElseThrow());
            p.join(Duration.ofSeconds(60));
            System.out.println("exit " + p.exitCode().orElse(-100));
        } finally {
            p.kill();
        }
        System.out.println("DONE");
    }
}
