package dev.ipckit.socket;

import dev.ipckit.tck.QueueContract;

class SocketQueueTest extends QueueContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
