package dev.ipckit.socket;

import dev.ipckit.tck.ParentKillContract;

class SocketParentKillTest extends ParentKillContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
