package dev.ipckit.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Address;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.ipckit.AuthenticationException;
import com.hazelcast.client.impl.management.ClientConnectionProcessListener;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells whether a client's connection attempts were refused for their cluster name (that is, for the
 * secret). Hazelcast's client ends a refused connect with "Unable to connect to any cluster", the same
 * as when nobody answers; only its connection-process listener hears the refusal. That listener lives in
 * an internal package ({@code client.impl.management}), so this class is the one place that depends on it.
 */
final class RefusalWatch implements ClientConnectionProcessListener {
    private final Set<String> refusedBy = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<HazelcastInstance> result = new CompletableFuture<>();
    private final String what;
    private final Set<String> addresses;

    /**
     * @param what the cluster, for the refusal's message
     * @param addresses the addresses the client will try, {@code host:port}; once every one has refused, the
     *     connect fails at once (one refusal alone does not: another listed member may accept)
     */
    RefusalWatch(String what, java.util.List<String> addresses) {
        this.what = what;
        this.addresses = Set.copyOf(addresses.stream().map(RefusalWatch::normalize).toList());
    }

    private static String normalize(String hostPort) {
        java.net.InetSocketAddress a = ClusterOptions.parseAddress(hostPort);
        try {
            return java.net.InetAddress.getByName(a.getHostString()).getHostAddress() + ":" + a.getPort();
        } catch (java.net.UnknownHostException e) {
            return hostPort;
        }
    }

    /**
     * Starts a client and returns it once connected; or throws {@link AuthenticationException} as soon as every
     * address has refused the cluster name (or when the connect times out after any refused it), without waiting out the client's connect timeout (the client still
     * trying in the background gives up by itself then, or is shut down if it connects after all).
     *
     * @param c the client's configuration
     * @return the connected client
     * @throws AuthenticationException if an address refused the cluster name
     * @throws RuntimeException Hazelcast's own, if no address answered in time
     */
    HazelcastInstance connect(ClientConfig c) {
        attach(c);
        Thread t = new Thread(() -> {
            try {
                HazelcastInstance hz = HazelcastClient.newHazelcastClient(c);
                if (!result.complete(hz)) {
                    hz.shutdown();
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(refusedBy.isEmpty() ? e : refusal());
            }
        }, "ipckit-cluster-connect");
        t.setDaemon(true);
        t.start();
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private AuthenticationException refusal() {
        return new AuthenticationException("the cluster refused this cluster name or secret, cluster=" + what
                + ", refusedBy=" + refusedBy());
    }

    private ClientConfig attach(ClientConfig c) {
        c.addListenerConfig(new ListenerConfig(this));
        return c;
    }

    @Override
    public void credentialsFailed(Address address) {
        refusedBy.add(normalize(address.getHost() + ":" + address.getPort()));
        if (refusedBy.containsAll(addresses)) {
            result.completeExceptionally(refusal());
        }
    }

    /** @return the addresses that refused the cluster name, empty if none did */
    Set<String> refusedBy() {
        return Set.copyOf(refusedBy);
    }
}
