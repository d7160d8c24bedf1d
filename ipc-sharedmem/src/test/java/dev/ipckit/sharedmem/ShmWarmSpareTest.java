package dev.ipckit.sharedmem;

import dev.ipckit.tck.WarmSpareContract;

class ShmWarmSpareTest extends WarmSpareContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
