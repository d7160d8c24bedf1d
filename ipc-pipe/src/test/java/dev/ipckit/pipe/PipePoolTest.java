package dev.ipckit.pipe;

import dev.ipckit.tck.PoolContract;

class PipePoolTest extends PoolContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
