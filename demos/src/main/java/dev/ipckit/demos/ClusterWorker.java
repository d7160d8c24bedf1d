package dev.ipckit.demos;

import dev.ipckit.AuthenticationException;
import dev.ipckit.hazelcast.ClusterMember;
import dev.ipckit.hazelcast.ClusterOptions;
import dev.ipckit.serial.Serializers;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code worker --cluster} command: starts a Hazelcast member (module ipc-hazelcast) that joins the
 * cluster at the given addresses and offers this host's cores to every {@code ClusterPool}, until Ctrl-C.
 * The secret comes from a file, never the command line.
 *
 * <pre>
 * java -jar ipckit-demos.jar worker --cluster 10.0.0.5:5701,10.0.0.6:5701 --bind 10.0.0.6 --secret-file cluster.key
 * </pre>
 */
public final class ClusterWorker {
    private ClusterWorker() {
    }

    /** The worker command's options for a cluster member; {@code --cluster} selects this mode. */
    public static final class Options {
        @Option(names = "--cluster", paramLabel = "HOST:PORT,...",
                description = "Start a cluster member that joins these addresses (ipc-hazelcast).")
        String members;

        @Option(names = "--cluster-name", defaultValue = ClusterOptions.DEFAULT_CLUSTER_NAME,
                description = "The cluster's name (default: ${DEFAULT-VALUE}).")
        String clusterName;

        @Option(names = "--secret-file", paramLabel = "FILE",
                description = "A file holding the cluster secret (hex, or raw bytes); required with --cluster.")
        Path secretFile;

        @Option(names = "--bind", defaultValue = ClusterOptions.DEFAULT_BIND,
                description = "This member's address; another host's members and clients reach it there (default: ${DEFAULT-VALUE}).")
        String bind;

        @Option(names = "--port", defaultValue = "" + ClusterOptions.DEFAULT_PORT,
                description = "This member's port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--workers", defaultValue = "0",
                description = "Tasks this member runs at once (default: the number of processors).")
        int workers;

        @Option(names = "--cluster-serializer", defaultValue = "kryo",
                description = "kryo | java: as every other process of the cluster (default: ${DEFAULT-VALUE}).")
        String serializer;

        /** @return whether {@code --cluster} was given */
        public boolean requested() {
            return members != null;
        }
    }

    /**
     * Runs a member until the JVM is stopped.
     *
     * @param o the command's options
     * @return the exit code: 0 after a clean stop, 1 if the cluster refused the secret, 2 for bad options
     * @throws Exception if the secret file cannot be read or the wait is interrupted
     */
    public static int run(Options o) throws Exception {
        if (o.secretFile == null) {
            System.err.println("worker --cluster needs --secret-file FILE");
            return 2;
        }
        ClusterOptions options = ClusterOptions.defaults().withMembers(o.members).withClusterName(o.clusterName)
                .withSecretFile(o.secretFile).withBindAddress(o.bind).withPort(o.port)
                .withSerializer(Serializers.byName(o.serializer));
        if (o.workers > 0) {
            options = options.withWorkers(o.workers);
        }
        ClusterMember member;
        try {
            member = ClusterMember.start(options);
        } catch (AuthenticationException e) {
            System.err.println("worker: " + e.getMessage());
            return 1;
        }
        System.out.println("member " + member.address() + " (pid " + ProcessHandle.current().pid() + ") in cluster '"
                + options.clusterName() + "' of " + member.clusterSize() + " member(s), " + options.workers()
                + " workers; Ctrl-C to leave (gracefully)");
        member.awaitClose();
        return 0;
    }
}
