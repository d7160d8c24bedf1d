package dev.ipckit.socket;

import dev.ipckit.tck.PoolContract;

class SocketPoolTest extends PoolContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
