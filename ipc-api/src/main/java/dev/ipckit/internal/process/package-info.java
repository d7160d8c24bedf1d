/** The parent's side of a child: launching the JVM, its link session, its output, its exit code. Internal. */
package dev.ipckit.internal.process;
