package dev.ipckit.socket;

import dev.ipckit.tck.WarmSpareContract;

class SocketWarmSpareTest extends WarmSpareContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
