package dev.ipckit.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds Hazelcast's member and client configurations from {@link ClusterOptions}: TCP/IP join on the
 * given addresses (multicast and auto-detection off; REST and memcache stay off, as by default), the
 * secret-derived cluster name, no phone-home, the
 * executor that runs pool tasks, ipckit's data-serializable factory, and Hazelcast's logging at WARNING
 * unless the user configured Hazelcast logging.
 */
final class HzConfigs {
    /** The executor service every pool submits to. */
    static final String EXECUTOR = "ipckit.pool";
    /** Functions too large to travel with each chunk, by key; removed when their map ends. */
    static final String FN_MAP = "ipckit.fn";
    /** Values shared with {@link HazelcastCluster#share}, by key. */
    static final String SHARED_MAP = "ipckit.shared";
    /** Names of closed queues. */
    static final String CLOSED_QUEUES = "ipckit.queue.closed";
    /** Initializers of pools, by pool key. */
    static final String INIT_MAP = "ipckit.init";

    /** Member attribute: tasks the member runs at once. */
    static final String ATTR_WORKERS = "ipckit.workers";
    /** Member attribute: the member JVM's pid. */
    static final String ATTR_PID = "ipckit.pid";
    /** Member attribute: the member's host name. */
    static final String ATTR_HOST = "ipckit.host";

    /** Fewer partitions than Hazelcast's 271: a pool cluster holds little data, and start and migration are quicker. */
    private static final String PARTITIONS = "71";
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Held so that the levels set on them are not lost when the loggers are collected. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");
    private static final Logger CLIENT_CONNECT_LOG = Logger.getLogger("com.hazelcast.client.impl.connection");

    private HzConfigs() {
    }

    static Config member(ClusterOptions o) {
        quietLogging();
        Config c = new Config();
        c.setClusterName(ClusterSecret.wireName(o.clusterName(), o.secret()));
        c.setInstanceName("ipckit-member-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        common(c, o);
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(o.port()).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).addInterface(ip(o.bindAddress()));
        n.getMemcacheProtocolConfig().setEnabled(false);
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true).setMembers(o.members()).setConnectionTimeoutSeconds(2);
        c.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(o.workers()).setStatisticsEnabled(false));
        c.addMapConfig(new MapConfig(FN_MAP).setBackupCount(1).setStatisticsEnabled(false));
        c.addMapConfig(new MapConfig(SHARED_MAP).setBackupCount(1).setStatisticsEnabled(false));
        c.getMemberAttributeConfig().setAttribute(ATTR_WORKERS, Integer.toString(o.workers()));
        c.getMemberAttributeConfig().setAttribute(ATTR_PID, Long.toString(ProcessHandle.current().pid()));
        c.getMemberAttributeConfig().setAttribute(ATTR_HOST, hostName());
        c.getJetConfig().setEnabled(false);
        c.setProperty("hazelcast.partition.count", PARTITIONS);
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(o.memberTimeout().toSeconds()));
        // TCP/IP join waits 5 s by default for more members before it settles; members join later anyway
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        // the first member does not wait out its join timeout for members not yet started
        c.setProperty("hazelcast.max.join.seconds", Long.toString(Math.max(5, o.joinTimeout().toSeconds())));
        // a member killed on a host that is up is noticed by its refused connections, sooner than by silence
        c.setProperty("hazelcast.connection.monitor.interval", "200");
        c.setProperty("hazelcast.connection.monitor.max.faults", "3");
        // SIGTERM or Ctrl-C: leave gracefully (queue items and maps move to the others first), within a bound
        c.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        c.setProperty("hazelcast.graceful.shutdown.max.wait", "30");
        return c;
    }

    static ClientConfig client(ClusterOptions o) {
        quietLogging();
        ClientConfig c = new ClientConfig();
        c.setClusterName(ClusterSecret.wireName(o.clusterName(), o.secret()));
        c.setInstanceName("ipckit-client-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        // routing to every member (the default) sends each task straight to the member that runs it
        c.getNetworkConfig().setAddresses(o.members()).setConnectionTimeout(5000);
        c.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(o.joinTimeout().toMillis()).setInitialBackoffMillis(200)
                .setMaxBackoffMillis(1000);
        c.getSerializationConfig().addDataSerializableFactory(IpckitDataFactory.ID, new IpckitDataFactory());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.client.heartbeat.interval", "1000");
        c.setProperty("hazelcast.client.heartbeat.timeout", Long.toString(o.memberTimeout().toMillis()));
        c.setProperty("hazelcast.client.statistics.enabled", "false");
        return c;
    }

    private static void common(Config c, ClusterOptions o) {
        c.getSerializationConfig().addDataSerializableFactory(IpckitDataFactory.ID, new IpckitDataFactory());
        c.setProperty("hazelcast.phone.home.enabled", "false");
    }

    /**
     * Hazelcast logs its banner and every membership change at INFO: keep WARNING and above, unless the user
     * configured Hazelcast's logging or set {@code -Dipckit.hazelcast.log=LEVEL}. A client's refused or failed
     * connection attempts (each a warning with a stack trace) are kept to SEVERE by default: ipckit reports
     * their outcome as one typed error.
     */
    private static void quietLogging() {
        if (System.getProperty("hazelcast.logging.type") != null || HAZELCAST_LOG.getLevel() != null) {
            return;
        }
        String level = System.getProperty("ipckit.hazelcast.log");
        HAZELCAST_LOG.setLevel(Level.parse(level == null ? "WARNING" : level));
        CLIENT_CONNECT_LOG.setLevel(Level.parse(level == null ? "SEVERE" : level));
    }

    private static String ip(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the bind address, address=" + host, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
