package dev.ipckit.pipe;

import dev.ipckit.tck.FaultContract;

class PipeFaultTest extends FaultContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
