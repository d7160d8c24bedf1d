package dev.ipckit.sharedmem;

import dev.ipckit.tck.PoolFaultContract;

class ShmPoolFaultTest extends PoolFaultContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
