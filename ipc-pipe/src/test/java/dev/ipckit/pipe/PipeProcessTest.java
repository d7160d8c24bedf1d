package dev.ipckit.pipe;

import dev.ipckit.tck.ProcessContract;

class PipeProcessTest extends ProcessContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
