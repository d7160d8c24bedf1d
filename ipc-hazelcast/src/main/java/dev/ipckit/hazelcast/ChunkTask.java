package dev.ipckit.hazelcast;

import dev.ipckit.Fn;
import dev.ipckit.SerializationException;
import dev.ipckit.Serializer;
import dev.ipckit.spi.ErrorReport;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One chunk of calls as it crosses to a member's executor: the function's key (and its bytes when they
 * are small enough to travel with every chunk), the arguments encoded with the cluster's serializer, and
 * the pool's initializer key. Hazelcast carries it as a data-serializable object of a few fields; what the
 * user wrote travels only inside the byte arrays, encoded by ipckit's serializer, so a function that works
 * on a local pool works here.
 *
 * <p>On the member it runs each call in turn; the first that throws fails the chunk. It always returns a
 * {@link ChunkAnswer}, never throws: Hazelcast's own exceptions mean the member or the link failed.
 */
final class ChunkTask implements Callable<ChunkAnswer>, IdentifiedDataSerializable, HazelcastInstanceAware {
    private String fnKey;
    private byte[] fnBytes;
    private byte[] args;
    private String initKey;
    private byte serializerId;
    private transient HazelcastInstance hz;

    /** For Hazelcast's factory. */
    ChunkTask() {
    }

    ChunkTask(String fnKey, byte[] fnBytes, byte[] args, String initKey, byte serializerId) {
        this.fnKey = fnKey;
        this.fnBytes = fnBytes;
        this.args = args;
        this.initKey = initKey;
        this.serializerId = serializerId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.hz = instance;
    }

    @Override
    public ChunkAnswer call() {
        LocalNode node = LocalNode.of(hz);
        if (node == null) {
            throw new IllegalStateException("this Hazelcast member was not started by ipckit, member=" + hz.getName());
        }
        Serializer s = node.serializer;
        if (s.id() != serializerId) {
            return ChunkAnswer.refused("the task was encoded with another serializer than this member's, task="
                    + serializerId + ", member=" + s.id() + " (" + s.name() + ") on " + node.where
                    + "; every process of a cluster needs the same one");
        }
        if (initKey != null) {
            ErrorReport init = node.initialize(initKey);
            if (init != null) {
                return answer(s, ChunkOutcome.initFailed(init, node.where));
            }
        }
        Fn<Object, Object> fn;
        Object[] in;
        try {
            fn = node.function(fnKey, fnBytes);
            in = (Object[]) s.decode(args);
        } catch (SerializationException e) {
            return answer(s, ChunkOutcome.unserializable(e, node.where));
        } catch (RuntimeException e) {
            return answer(s, ChunkOutcome.failed(e, node.where));
        }
        Object[] out = new Object[in.length];
        for (int i = 0; i < in.length; i++) {
            try {
                out[i] = fn.apply(in[i]);
            } catch (Throwable t) {
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return answer(s, ChunkOutcome.failed(t, node.where));
            }
        }
        try {
            return answer(s, ChunkOutcome.ok(out, node.where));
        } catch (SerializationException e) {
            return answer(s, ChunkOutcome.unserializable(new SerializationException("a result cannot be sent back"
                    + " from the member, " + e.getMessage(), e), node.where));
        }
    }

    private static ChunkAnswer answer(Serializer s, ChunkOutcome o) {
        return ChunkAnswer.of(s.encode(o));
    }

    @Override
    public int getFactoryId() {
        return IpckitDataFactory.ID;
    }

    @Override
    public int getClassId() {
        return IpckitDataFactory.CHUNK_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(fnKey);
        out.writeByteArray(fnBytes);
        out.writeByteArray(args);
        out.writeString(initKey);
        out.writeByte(serializerId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        fnKey = in.readString();
        fnBytes = in.readByteArray();
        args = in.readByteArray();
        initKey = in.readString();
        serializerId = in.readByte();
    }
}
