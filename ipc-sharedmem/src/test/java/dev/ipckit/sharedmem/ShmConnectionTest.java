package dev.ipckit.sharedmem;

import dev.ipckit.tck.PipeContract;

class ShmConnectionTest extends PipeContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
