package dev.ipckit.pipe;

import dev.ipckit.tck.QueueContract;

class PipeQueueTest extends QueueContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
