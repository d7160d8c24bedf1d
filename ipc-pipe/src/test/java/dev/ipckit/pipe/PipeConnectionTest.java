package dev.ipckit.pipe;

import dev.ipckit.tck.PipeContract;

class PipeConnectionTest extends PipeContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
