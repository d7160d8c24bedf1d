package dev.ipckit.internal.pool;

import dev.ipckit.Fn;
import dev.ipckit.spi.ErrorReport;

import java.io.Serializable;

/**
 * The messages between a pool and its workers, over one duplex pipe per worker.
 * <pre>
 *   parent → worker:  (Work | Batch)*  Stop
 *   worker → parent:  Ready | InitFailed,  then one Done or Failed per Work, in order
 * </pre>
 */
final class PoolWire {
    private PoolWire() {
    }

    /**
     * A chunk of calls: {@code fn} is sent the first time this worker sees {@code fnId}, null after.
     *
     * @param chunk the chunk id
     * @param fnId the function's id in the pool
     * @param fn the function, or null if the worker has it
     * @param args one argument per call, {@link Packed packed}
     */
    record Work(long chunk, int fnId, Fn<Object, Object> fn, Object args) implements Serializable {
    }

    /**
     * Several chunks in one frame, run in order as if sent one by one: small chunks cross with one write and
     * one wake-up on each side instead of one per chunk. The first {@link Work} of a function in the batch
     * carries it when the worker does not have it yet.
     *
     * @param works the chunks, two or more
     */
    record Batch(Work[] works) implements Serializable {
    }

    /**
     * Every call of a chunk returned.
     *
     * @param chunk the chunk id
     * @param results one per argument, in order, {@link Packed packed}
     */
    record Done(long chunk, Object results) implements Serializable {
    }

    /**
     * A call of a chunk threw, or its results could not be sent.
     *
     * @param chunk the chunk id
     * @param index the call that failed, or -1 if the results could not be serialized
     * @param error the exception
     * @param fatal whether the worker exits after this (the JVM is no longer reliable): the chunks it was
     *     sent after this one never ran
     */
    record Failed(long chunk, int index, ErrorReport error, boolean fatal) implements Serializable {
    }

    /** The worker ran its initializer and waits for work. */
    record Ready() implements Serializable {
    }

    /**
     * The initializer threw; the worker exits.
     *
     * @param error the exception
     */
    record InitFailed(ErrorReport error) implements Serializable {
    }

    /** No more work: the worker exits. */
    record Stop() implements Serializable {
    }
}
