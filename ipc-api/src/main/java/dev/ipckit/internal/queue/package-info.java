/**
 * Queues: the owner's storage with its waiters ({@link dev.ipckit.internal.queue.QueueCore}), the typed forms,
 * and the remote calls children make to reach it. Internal.
 */
package dev.ipckit.internal.queue;
