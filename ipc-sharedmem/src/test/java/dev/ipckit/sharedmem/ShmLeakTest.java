package dev.ipckit.sharedmem;

import dev.ipckit.tck.LeakContract;

class ShmLeakTest extends LeakContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
