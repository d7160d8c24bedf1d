package dev.ipckit.pipe;

import dev.ipckit.tck.PoolFaultContract;

class PipePoolFaultTest extends PoolFaultContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
