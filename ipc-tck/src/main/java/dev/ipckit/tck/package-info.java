/**
 * The transport compatibility kit: the contract of processes, pipes, queues, output and parent exit,
 * written once as abstract JUnit 5 classes. A transport module subclasses each and names its transport.
 */
package dev.ipckit.tck;
