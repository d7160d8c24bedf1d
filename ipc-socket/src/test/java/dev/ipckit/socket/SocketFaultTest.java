package dev.ipckit.socket;

import dev.ipckit.tck.FaultContract;

class SocketFaultTest extends FaultContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
