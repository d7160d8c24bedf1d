package dev.ipckit.demos.bench;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A console progress bar for one benchmark, on stderr so that the tables on stdout stay clean.
 * <b>Not thread-safe.</b>
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(String task, long steps) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /** One step done. */
    void step() {
        bar.step();
    }

    /** Names what runs now. */
    void say(String what) {
        bar.setExtraMessage(what);
    }

    @Override
    public void close() {
        bar.close();
    }
}
