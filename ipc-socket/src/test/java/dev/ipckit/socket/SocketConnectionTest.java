package dev.ipckit.socket;

import dev.ipckit.tck.PipeContract;

class SocketConnectionTest extends PipeContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
