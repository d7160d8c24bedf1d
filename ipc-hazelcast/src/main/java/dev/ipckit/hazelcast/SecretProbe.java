package dev.ipckit.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.ipckit.AuthenticationException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the listed addresses, before a member starts, whether a cluster there accepts this cluster name
 * and secret. Hazelcast's member join gives no answer to a refused member (it would quietly form a
 * cluster of its own); its client protocol does, so the probe is a short-lived client. Addresses where
 * nothing listens are skipped at once, so the first member of a cluster starts without delay.
 */
final class SecretProbe {
    private static final int CONNECT_MILLIS = 1000;
    private static final long PROBE_MILLIS = 5000;

    private SecretProbe() {
    }

    /**
     * @param o the options of the member about to start
     * @throws AuthenticationException if a cluster answers at a listed address and refuses the name and secret
     */
    static void check(ClusterOptions o) {
        List<String> listening = new ArrayList<>();
        for (String a : o.members()) {
            InetSocketAddress addr = ClusterOptions.parseAddress(a);
            boolean self = addr.getPort() == o.port() && sameHost(addr.getHostString(), o.bindAddress());
            if (!self && listens(addr)) {
                listening.add(a);
            }
        }
        if (listening.isEmpty()) {
            return;
        }
        ClientConfig c = HzConfigs.client(o.withMembers(listening));
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(PROBE_MILLIS);
        HazelcastInstance client;
        try {
            client = new RefusalWatch(o.clusterName(), listening).connect(c);
        } catch (AuthenticationException e) {
            throw e;
        } catch (RuntimeException e) {
            return; // something else answers there, or nothing in time; the join decides
        }
        client.shutdown();
    }

    private static boolean listens(InetSocketAddress addr) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(addr.getHostString(), addr.getPort()), CONNECT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameHost(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (IOException e) {
            return a.equals(b);
        }
    }
}
