/**
 * The benchmark suite behind {@code java -jar ipckit-demos.jar bench}: what crosses two JVMs is timed by a
 * plain harness with HdrHistogram, the serializers (one JVM) by JMH ({@code jmh}). Each benchmark prints a
 * table, writes it as CSV and JSON, and hands its figures to the {@link dev.ipckit.demos.bench.BenchRun}
 * for {@code --json} lines and {@code --chart} PNGs; {@code demos/BENCHMARKS.md} has the figures.
 */
package dev.ipckit.demos.bench;
