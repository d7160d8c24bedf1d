/**
 * The pipe transport: frames over the child's stdin and stdout. Add {@code dev.ipckit:ipc-pipe} to the
 * class path and {@link dev.ipckit.Ipc#context()} uses it.
 */
package dev.ipckit.pipe;
