package dev.ipckit.sharedmem;

import dev.ipckit.tck.ParentExitContract;

class ShmParentExitTest extends ParentExitContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
