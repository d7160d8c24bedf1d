package dev.ipckit.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates ipckit's own objects that travel inside Hazelcast: registered on every member and client, so
 * they cross as two small ids and their fields, never as Java serialization.
 */
final class IpckitDataFactory implements DataSerializableFactory {
    /** ipckit's factory id: any value Hazelcast's own factories (all negative) do not use. */
    static final int ID = 0x1bc4;
    /** Class id of {@link ChunkTask}. */
    static final int CHUNK_TASK = 1;
    /** Class id of {@link ChunkAnswer}. */
    static final int CHUNK_ANSWER = 2;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        if (typeId == CHUNK_TASK) {
            return new ChunkTask();
        }
        if (typeId == CHUNK_ANSWER) {
            return new ChunkAnswer();
        }
        throw new IllegalArgumentException("unknown ipckit type id, typeId=" + typeId);
    }
}
