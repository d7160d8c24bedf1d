package dev.ipckit.pipe;

import dev.ipckit.tck.WarmSpareContract;

class PipeWarmSpareTest extends WarmSpareContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
