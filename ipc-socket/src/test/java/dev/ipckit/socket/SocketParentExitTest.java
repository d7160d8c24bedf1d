package dev.ipckit.socket;

import dev.ipckit.tck.ParentExitContract;

class SocketParentExitTest extends ParentExitContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
