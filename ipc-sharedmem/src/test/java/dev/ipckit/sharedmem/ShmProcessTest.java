package dev.ipckit.sharedmem;

import dev.ipckit.tck.ProcessContract;

class ShmProcessTest extends ProcessContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
