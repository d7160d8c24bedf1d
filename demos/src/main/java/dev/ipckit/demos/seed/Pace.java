package dev.ipckit.demos.seed;

/**
 * The time scale of a demo: the seed's own sleeps in the tour, a fifth of them in the quick form the tests
 * run. Each demo says its times in the seed's terms and sleeps {@link #ms(long)} of them.
 *
 * @param quick whether this is the quick form
 */
record Pace(boolean quick) implements java.io.Serializable {
    /** How much shorter the quick form's sleeps are. */
    static final int QUICK_DIVISOR = 5;

    /** @return the seed's sleep, scaled */
    long ms(long seedMillis) {
        return quick ? Math.max(1, seedMillis / QUICK_DIVISOR) : seedMillis;
    }

    /** Sleeps the scaled time. */
    void sleep(long seedMillis) throws InterruptedException {
        Thread.sleep(ms(seedMillis));
    }

    /** @return seconds since {@code startNanos} */
    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
