package dev.ipckit.sharedmem;

import dev.ipckit.tck.PoolContract;

class ShmPoolTest extends PoolContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
