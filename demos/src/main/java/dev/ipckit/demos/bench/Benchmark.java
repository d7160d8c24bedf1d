package dev.ipckit.demos.bench;

import java.util.List;

/**
 * One benchmark: measures on each transport of a run, prints a table, and hands its figures to the run
 * (for {@code --json} and {@code --chart}). Never a test: it does not fail on a slow figure.
 */
public interface Benchmark {

    /** @return the name used on the command line */
    String name();

    /** @return older names that still select it on the command line */
    default List<String> aliases() {
        return List.of();
    }

    /** @return one line saying what it measures */
    String summary();

    /**
     * @return the chart {@code --chart} draws from this benchmark's figures, or null for none
     */
    default ChartSpec chart() {
        return null;
    }

    /**
     * Measures, prints its table(s), and records each figure with {@link BenchRun#figure}.
     *
     * @param run the transports, the iteration scale, where results go
     * @throws Exception if the benchmark cannot run
     */
    void run(BenchRun run) throws Exception;
}
