package dev.ipckit.socket;

import dev.ipckit.tck.OutputContract;

class SocketOutputTest extends OutputContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
