package dev.ipckit.pipe;

import dev.ipckit.tck.ParentKillContract;

class PipeParentKillTest extends ParentKillContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
