package dev.ipckit.spi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The parent's side of one child's link, while the child is starting.
 */
public interface ParentEndpoint {

    /** @return what the child needs to connect; sent to it in its stdin bootstrap, never on a command line */
    Map<String, String> properties();

    /** @return the link, completed when the child has connected (at once for the pipe transport) */
    CompletableFuture<Link> link();

    /**
     * The child has ended: stop waiting for it to connect if it never did, and release what waiting
     * held (a listening port, a registration). Called once, whether or not it connected; the link, if
     * any, is closed separately. The default does nothing.
     */
    default void close() {
    }
}
