package dev.ipckit.pipe;

import dev.ipckit.tck.SharedMemoryContract;

class PipeSharedMemoryTest extends SharedMemoryContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
