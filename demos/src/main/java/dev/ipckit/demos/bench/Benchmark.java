package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;

import java.nio.file.Path;

/** One benchmark: measures, prints a table, writes its results under a directory. Never a test. */
public interface Benchmark {

    /** @return the name used on the command line */
    String name();

    /** @return one line saying what it measures */
    String summary();

    /**
     * @param ctx the context under test (transport, serializer)
     * @param out the directory for CSV/JSON results
     * @param quick fewer iterations: a smoke run whose figures are not to be quoted
     * @throws Exception if the benchmark cannot run
     */
    void run(IpcContext ctx, Path out, boolean quick) throws Exception;
}
