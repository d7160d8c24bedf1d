package dev.ipckit.socket;

import dev.ipckit.tck.PoolFaultContract;

class SocketPoolFaultTest extends PoolFaultContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
