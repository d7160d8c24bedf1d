package dev.ipckit.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * A member's answer to a {@link ChunkTask}: the {@link ChunkOutcome} encoded with the cluster's serializer,
 * or, when the member could not take the task at all (it was encoded with another serializer than the
 * member's), a plain-text refusal that any process can read.
 */
final class ChunkAnswer implements IdentifiedDataSerializable {
    private byte[] outcome;
    private String refusal;

    /** For Hazelcast's factory. */
    ChunkAnswer() {
    }

    private ChunkAnswer(byte[] outcome, String refusal) {
        this.outcome = outcome;
        this.refusal = refusal;
    }

    static ChunkAnswer of(byte[] outcome) {
        return new ChunkAnswer(outcome, null);
    }

    static ChunkAnswer refused(String why) {
        return new ChunkAnswer(null, why);
    }

    /** @return the encoded outcome, or null if refused */
    byte[] outcome() {
        return outcome;
    }

    /** @return why the member refused the task, or null */
    String refusal() {
        return refusal;
    }

    @Override
    public int getFactoryId() {
        return IpckitDataFactory.ID;
    }

    @Override
    public int getClassId() {
        return IpckitDataFactory.CHUNK_ANSWER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(outcome);
        out.writeString(refusal);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        outcome = in.readByteArray();
        refusal = in.readString();
    }
}
