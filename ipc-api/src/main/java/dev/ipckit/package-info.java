/**
 * ipckit: Python's {@code multiprocessing} for the JVM. Start with {@link dev.ipckit.Ipc#context()}; a
 * context makes {@link dev.ipckit.IpcProcess processes} (child JVMs running a {@link dev.ipckit.Task}),
 * {@link dev.ipckit.Pipe pipes} of two {@link dev.ipckit.Connection}s, and
 * {@link dev.ipckit.Queue queues} shared by processes. Errors are {@link dev.ipckit.IpcException}s.
 */
package dev.ipckit;
