package dev.ipckit.demos;

import dev.ipckit.IpcContext;

/** One runnable demo: a program from a seed article, ported. */
public interface Demo {

    /** @return the name used on the command line, such as {@code 001-sing-dance} */
    String name();

    /** @return one line saying what it shows */
    String summary();

    /**
     * Runs the demo, printing what it shows. Starts only processes it ends itself.
     *
     * @param ctx the context to start processes with (the chosen transport and serializer)
     * @throws Exception if the demo fails; the CLI exits non-zero
     */
    void run(IpcContext ctx) throws Exception;
}
