package dev.ipckit.socket;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;

/**
 * Optional TLS for the socket transport, for links that cross a network someone else can read. The
 * parent serves the key and certificate of a key store; its children trust the certificates of that same
 * key store, whose path and password reach them in the stdin bootstrap. The authkey handshake still runs,
 * inside TLS.
 */
public final class TlsSettings {
    /** Property: path of the parent's key store (PKCS12 or JKS). Setting it turns TLS on. */
    public static final String KEY_STORE_PROP = "ipckit.socket.tls.keyStore";
    /** Property: the key store's password (and its key's). */
    public static final String KEY_STORE_PASSWORD_PROP = "ipckit.socket.tls.keyStorePassword";

    static final String CHILD_STORE = "socket.tls.store";
    static final String CHILD_PASSWORD = "socket.tls.password";

    private final Path keyStore;
    private final String password;

    /**
     * @param keyStore a key store holding the server's key and certificate
     * @param password its password
     */
    public TlsSettings(Path keyStore, String password) {
        this.keyStore = keyStore;
        this.password = password;
    }

    /** @return the settings {@value #KEY_STORE_PROP} names, or null when TLS is off */
    static TlsSettings fromSystemProperties() {
        String store = System.getProperty(KEY_STORE_PROP);
        return store == null || store.isBlank() ? null
                : new TlsSettings(Path.of(store), System.getProperty(KEY_STORE_PASSWORD_PROP, ""));
    }

    /**
     * @param properties a child's bootstrap properties
     * @return the settings they carry, or null when TLS is off
     */
    static TlsSettings fromChildProperties(Map<String, String> properties) {
        String store = properties.get(CHILD_STORE);
        return store == null ? null : new TlsSettings(Path.of(store), properties.getOrDefault(CHILD_PASSWORD, ""));
    }

    /** @return what a child needs to trust the parent, for its bootstrap (sent on stdin only) */
    Map<String, String> childProperties() {
        return Map.of(CHILD_STORE, keyStore.toAbsolutePath().toString(), CHILD_PASSWORD, password);
    }

    /**
     * @return the server's context
     * @throws IOException if the key store cannot be read
     */
    SslContext serverContext() throws IOException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(), password.toCharArray());
            return SslContextBuilder.forServer(kmf).sslProvider(SslProvider.JDK).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the TLS key store, path=" + keyStore + ", cause=" + e.getMessage(), e);
        }
    }

    /**
     * @return the client's context, trusting the key store's certificates only
     * @throws IOException if the key store cannot be read
     */
    SslContext clientContext() throws IOException {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load());
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(tmf).build();
        } catch (SSLException | GeneralSecurityException e) {
            throw new IOException("cannot use the TLS trust store, path=" + keyStore + ", cause=" + e.getMessage(), e);
        }
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + "]";
    }
}
