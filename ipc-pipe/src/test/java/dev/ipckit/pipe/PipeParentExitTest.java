package dev.ipckit.pipe;

import dev.ipckit.tck.ParentExitContract;

class PipeParentExitTest extends ParentExitContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
