package dev.ipckit.demos;

import dev.ipckit.IpcContext;

/** One runnable demo: a program from a seed article, ported. */
public interface Demo {

    /** @return the name used on the command line, such as {@code 001-sing-dance} */
    String name();

    /** @return one line saying what it shows */
    String summary();

    /**
     * Runs the demo at the seed's own pace (its sleeps and sizes), printing what it shows. Starts only
     * processes it ends itself.
     *
     * @param ctx the context to start processes with (the chosen transport and serializer)
     * @throws Exception if the demo fails; the CLI exits non-zero
     */
    void run(IpcContext ctx) throws Exception;

    /**
     * Runs the demo, faster when asked: shorter sleeps and smaller inputs that still show the same thing
     * (the tests run every demo on every transport this way). Demos without a faster form run as usual.
     *
     * @param ctx the context to start processes with
     * @param quick whether to run the short form
     * @throws Exception if the demo fails
     */
    default void run(IpcContext ctx, boolean quick) throws Exception {
        run(ctx);
    }
}
