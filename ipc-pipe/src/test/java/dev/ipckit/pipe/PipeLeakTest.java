package dev.ipckit.pipe;

import dev.ipckit.tck.LeakContract;

class PipeLeakTest extends LeakContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
