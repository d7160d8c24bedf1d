/**
 * The benchmark suite behind {@code java -jar ipckit-demos.jar bench}: cross-process figures measured
 * with a plain harness and HdrHistogram (JMH cannot time a message that crosses two JVMs). Each
 * benchmark prints a table and writes it as CSV and JSON; {@code demos/BENCHMARKS.md} has the figures.
 */
package dev.ipckit.demos.bench;
