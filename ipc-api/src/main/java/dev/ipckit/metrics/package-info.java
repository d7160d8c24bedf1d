/**
 * What this JVM's links, queues and pools have done: {@link dev.ipckit.metrics.IpcMetrics} gives a
 * {@link dev.ipckit.metrics.MetricsSnapshot} without any dependency; {@link dev.ipckit.metrics.IpcMeterBinder}
 * publishes the same counts through Micrometer when it is on the class path.
 */
package dev.ipckit.metrics;
