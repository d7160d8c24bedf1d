package dev.ipckit.socket;

import dev.ipckit.tck.LoadContract;

class SocketLoadTest extends LoadContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
