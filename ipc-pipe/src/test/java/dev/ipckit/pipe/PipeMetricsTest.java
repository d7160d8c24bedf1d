package dev.ipckit.pipe;

import dev.ipckit.tck.MetricsContract;

class PipeMetricsTest extends MetricsContract {
    @Override
    protected String transport() {
        return PipeTransport.NAME;
    }
}
