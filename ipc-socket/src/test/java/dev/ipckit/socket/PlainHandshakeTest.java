package dev.ipckit.socket;

import java.io.IOException;

/**
 * Every handshake case of {@link SocketHandshakeTest} against the plain-TCP door children use
 * ({@link PlainAcceptor}): the same refusals, logs and timeouts as the Netty server's.
 */
class PlainHandshakeTest extends SocketHandshakeTest {
    @Override
    int doorPort() throws IOException {
        return server.plainPort();
    }
}
