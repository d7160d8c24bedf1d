package dev.ipckit.internal.queue;

import dev.ipckit.Serializer;

import java.io.Serializable;

/**
 * What crosses to a child in place of a queue ({@link OwnedQueue#handOver}, {@link RemoteQueue#passOn}): the
 * receiving runtime's resolver makes it a {@link RemoteQueue}.
 *
 * @param id the queue's id in its owner
 * @param capacity its capacity
 * @param joinable whether taskDone/join are offered
 * @param serializer its serializer
 * @param prefetch the most items a child's get fetches at once; 1 for one remote get per item
 */
public record QueueRef(int id, int capacity, boolean joinable, Serializer serializer, int prefetch)
        implements Serializable {
}
