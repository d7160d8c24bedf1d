/**
 * The transport compatibility kit: the contract of processes, pipes, queues, pools, output, parent exit
 * and kill, faults, load, leaks, metrics and user shared memory, written once as abstract JUnit 5 classes.
 * A transport module subclasses each and names its transport.
 */
package dev.ipckit.tck;
