package dev.ipckit.socket;

import dev.ipckit.tck.LeakContract;

class SocketLeakTest extends LeakContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
