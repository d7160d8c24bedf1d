package dev.ipckit.pipe;

import dev.ipckit.IpcContext;
import dev.ipckit.tck.ProcessContract;
import org.junit.jupiter.api.AfterEach;

/** The whole process contract again, every start that can taking a warm spare. */
class PipeProcessOnSpareTest extends ProcessContract {
    private IpcContext spares;

    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }

    @Override
    protected IpcContext ctx() {
        if (spares == null) {
            spares = super.ctx().withWarmSpares(1);
        }
        return spares;
    }

    @AfterEach
    void endSpares() {
        spares.closeSpares();
    }
}
