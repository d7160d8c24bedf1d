package dev.ipckit.socket;

import dev.ipckit.tck.ProcessContract;

class SocketProcessTest extends ProcessContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
