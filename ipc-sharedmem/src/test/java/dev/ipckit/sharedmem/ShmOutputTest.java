package dev.ipckit.sharedmem;

import dev.ipckit.tck.OutputContract;

class ShmOutputTest extends OutputContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
