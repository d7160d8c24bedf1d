package dev.ipckit.spi;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The standard streams of a child process as the parent sees them.
 *
 * @param stdout what the child writes to fd 1
 * @param stdin what the child reads from fd 0, positioned after the bootstrap
 * @param process the child process, to watch while it connects
 */
public record ChildStreams(InputStream stdout, OutputStream stdin, ProcessHandle process) {
}
