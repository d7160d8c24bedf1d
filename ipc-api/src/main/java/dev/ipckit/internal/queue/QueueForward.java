package dev.ipckit.internal.queue;

import dev.ipckit.internal.queue.Calls;

/**
 * A queue this process holds a handle to (its owner is this process's parent, or further up) and passed
 * on to a child of its own: that child's calls are relayed to the owner through this process, the owner
 * answering as for any other call, so the owner alone still decides every put, get and timeout.
 *
 * @param upstreamId the queue's id in its owner
 * @param calls this process's remote calls to the owner
 */
public record QueueForward(int upstreamId, Calls calls) {
}
