package dev.ipckit.sharedmem;

import dev.ipckit.tck.ParentKillContract;

class ShmParentKillTest extends ParentKillContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
