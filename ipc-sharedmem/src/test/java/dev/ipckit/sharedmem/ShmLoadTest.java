package dev.ipckit.sharedmem;

import dev.ipckit.tck.LoadContract;

class ShmLoadTest extends LoadContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
