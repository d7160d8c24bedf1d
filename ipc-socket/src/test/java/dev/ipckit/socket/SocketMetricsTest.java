package dev.ipckit.socket;

import dev.ipckit.tck.MetricsContract;

class SocketMetricsTest extends MetricsContract {
    @Override
    protected String transport() {
        return SocketTransport.NAME;
    }
}
