package dev.ipckit.sharedmem;

import dev.ipckit.tck.MetricsContract;

class ShmMetricsTest extends MetricsContract {
    @Override
    protected String transport() {
        return SharedMemTransport.NAME;
    }
}
