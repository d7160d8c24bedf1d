/**
 * The demos and benchmarks jar: {@link dev.ipckit.demos.Main} is its command line; {@code seed} ports the
 * programs of the seed articles, {@code bench} measures the transports.
 */
package dev.ipckit.demos;
