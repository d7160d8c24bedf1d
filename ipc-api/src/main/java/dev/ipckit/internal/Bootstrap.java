package dev.ipckit.internal;

import dev.ipckit.IpcException;
import dev.ipckit.Serializer;
import dev.ipckit.WaitStrategy;
import dev.ipckit.spi.JavaIo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Map;

/**
 * Everything a child needs to start, sent on its stdin before anything else — never on the command line
 * or in the environment, where other users of the machine can read it.
 *
 * <pre>
 * | magic "IPK1" (int32) | length (int32) | Java-serialized Bootstrap ... |
 * </pre>
 *
 * @param parentPid the parent's pid, watched by the child
 * @param parentName the parent's name
 * @param name the child's name
 * @param daemon whether the child is a daemon
 * @param transport the transport's name
 * @param properties what the transport's parent endpoint gave
 * @param authkey the parent's secret
 * @param serializer the context's serializer
 * @param task the task, Java-serialized; null for a warm spare, which is given its task later, in an
 *     ATTACH frame ({@link Assignment})
 * @param maxFrameSize the largest frame payload
 * @param waitStrategy how the link waits
 */
public record Bootstrap(long parentPid, String parentName, String name, boolean daemon, String transport,
                        Map<String, String> properties, byte[] authkey, Serializer serializer, byte[] task,
                        int maxFrameSize, WaitStrategy waitStrategy) implements Serializable {
    private static final int MAGIC = 0x49504B31;

    /** @return whether this child is a warm spare: it connects, then waits for its {@link Assignment} */
    public boolean spare() {
        return task == null;
    }

    /**
     * @param out the child's stdin
     * @throws IOException if the child is gone
     */
    public void writeTo(OutputStream out) throws IOException {
        byte[] bytes = JavaIo.serialize("bootstrap", this);
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(bytes.length);
        d.write(bytes);
        d.flush();
    }

    /**
     * @param in this child's stdin
     * @return the bootstrap
     * @throws IOException if stdin ends early
     */
    public static Bootstrap readFrom(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        int magic = d.readInt();
        if (magic != MAGIC) {
            throw new IpcException(String.format("not an ipckit bootstrap on stdin, magic=0x%08x "
                    + "(this main class is started by ipckit, not by hand)", magic));
        }
        byte[] bytes = new byte[d.readInt()];
        d.readFully(bytes);
        return (Bootstrap) JavaIo.deserialize("bootstrap", bytes);
    }
}
