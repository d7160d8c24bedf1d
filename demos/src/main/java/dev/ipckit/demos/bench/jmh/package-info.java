/**
 * JMH benchmarks that stay within one JVM (the serializers), run by {@code bench serializer} through JMH's
 * Runner. Public because JMH's generated code extends them.
 */
package dev.ipckit.demos.bench.jmh;
