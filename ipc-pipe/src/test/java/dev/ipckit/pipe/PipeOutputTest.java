package dev.ipckit.pipe;

import dev.ipckit.tck.OutputContract;

class PipeOutputTest extends OutputContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
