package dev.ipckit.socket;

import java.io.PrintStream;
import java.net.SocketAddress;

/**
 * One stderr line per rejected peer, saying who and why, never what key was tried; rate-limited so that
 * a flood of bad peers cannot flood the log. <b>Thread-safe.</b>
 */
final class RejectLog {
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final int LINES_PER_WINDOW = 20;

    private long windowStart = System.nanoTime();
    private int lines;
    private int suppressed;

    /**
     * @param remote the peer's address
     * @param reason why it was closed, without secrets
     */
    synchronized void rejected(SocketAddress remote, String reason) {
        long now = System.nanoTime();
        if (now - windowStart > WINDOW_NANOS) {
            windowStart = now;
            lines = 0;
        }
        if (++lines > LINES_PER_WINDOW) {
            suppressed++;
            return;
        }
        String more = suppressed == 0 ? "" : " (" + suppressed + " earlier rejections not logged)";
        suppressed = 0;
        PrintStream err = System.err;
        err.println("ipckit: socket peer rejected before any frame, remote=" + remote + ", reason=" + reason + more);
    }
}
