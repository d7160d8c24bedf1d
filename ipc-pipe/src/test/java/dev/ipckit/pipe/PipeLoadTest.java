package dev.ipckit.pipe;

import dev.ipckit.tck.LoadContract;

class PipeLoadTest extends LoadContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
