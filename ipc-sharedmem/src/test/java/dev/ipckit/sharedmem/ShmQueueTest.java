package dev.ipckit.sharedmem;

import dev.ipckit.tck.QueueContract;

class ShmQueueTest extends QueueContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
