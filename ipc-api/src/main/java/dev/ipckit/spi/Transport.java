package dev.ipckit.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * A way to carry frames between a parent JVM and its children. Found with
 * {@link java.util.ServiceLoader}: a transport module lists its implementation in
 * {@code META-INF/services/dev.ipckit.spi.Transport}, and a user picks it by adding the module.
 *
 * <p>The parent starts each child, writes the bootstrap to its stdin, then calls
 * {@link #parent(ChildStreams, LinkOptions)}; the child reads the bootstrap and calls
 * {@link #child(Map, InputStream, OutputStream, LinkOptions)} with the properties the parent's endpoint
 * gave.
 */
public interface Transport {

    /** @return the name users choose it by: {@code pipe}, {@code socket}, {@code sharedmem} */
    String name();

    /** @return null when usable here, else why not (cheap to call; no side effects) */
    Throwable unavailabilityCause();

    /** @return whether this transport can run here */
    default boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /**
     * @param childFeatureVersion the Java feature version of the child's JVM (17, 25…)
     * @return JVM options every child needs for this transport
     */
    default List<String> childJvmOptions(int childFeatureVersion) {
        return List.of();
    }

    /**
     * @return whether frames travel on the child's stdout, in which case the child's {@code System.out}
     *     is carried as frames and the launcher must not read stdout as text
     */
    boolean usesChildStdout();

    /**
     * Parent side: opens the endpoint for one child that has just been started.
     *
     * @param streams the child's standard streams
     * @param options link options
     * @return the endpoint
     * @throws IOException if it cannot be opened
     */
    ParentEndpoint parent(ChildStreams streams, LinkOptions options) throws IOException;

    /**
     * Child side: connects to the parent.
     *
     * @param properties what the parent's endpoint gave in the bootstrap
     * @param stdin the child's stdin, positioned after the bootstrap
     * @param stdout the child's real fd 1, not {@code System.out}
     * @param options link options
     * @return a link, not yet started
     * @throws IOException if it cannot connect
     */
    Link child(Map<String, String> properties, InputStream stdin, OutputStream stdout, LinkOptions options)
            throws IOException;
}
