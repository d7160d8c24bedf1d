package dev.ipckit;

/**
 * Two connected {@link Connection}s: Python's {@code multiprocessing.Pipe()}. What one end sends, the
 * other receives. A duplex pipe carries messages both ways; a one-way pipe sends from {@link #right()}
 * to {@link #left()} only (Python's {@code r, w = Pipe(duplex=False)}).
 *
 * @param left the first end: the receiving end of a one-way pipe
 * @param right the second end: the sending end of a one-way pipe
 */
public record Pipe(Connection left, Connection right) implements AutoCloseable {

    /** Closes both ends that this process still holds. */
    @Override
    public void close() {
        left.close();
        right.close();
    }
}
