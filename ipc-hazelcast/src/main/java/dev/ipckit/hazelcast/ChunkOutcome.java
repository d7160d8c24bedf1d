package dev.ipckit.hazelcast;

import dev.ipckit.SerializationException;
import dev.ipckit.spi.ErrorReport;

/**
 * What a member sends back for one chunk, encoded with the cluster's serializer: the results, or why
 * there are none.
 *
 * @param kind {@link #OK}, {@link #FAILED}, {@link #INIT_FAILED} or {@link #UNSERIALIZABLE}
 * @param results one per argument, when OK
 * @param error the task's or initializer's exception, when FAILED or INIT_FAILED
 * @param message what could not be (de)serialized, when UNSERIALIZABLE
 * @param where the member that ran it, for messages
 */
record ChunkOutcome(byte kind, Object[] results, ErrorReport error, String message, String where) {
    static final byte OK = 0;
    static final byte FAILED = 1;
    static final byte INIT_FAILED = 2;
    static final byte UNSERIALIZABLE = 3;

    static ChunkOutcome ok(Object[] results, String where) {
        return new ChunkOutcome(OK, results, null, null, where);
    }

    static ChunkOutcome failed(Throwable t, String where) {
        return new ChunkOutcome(FAILED, null, ErrorReport.of(t), null, where);
    }

    static ChunkOutcome initFailed(ErrorReport e, String where) {
        return new ChunkOutcome(INIT_FAILED, null, e, null, where);
    }

    static ChunkOutcome unserializable(SerializationException e, String where) {
        return new ChunkOutcome(UNSERIALIZABLE, null, null, e.getMessage(), where);
    }
}
