/**
 * For transports that let unrelated JVMs connect (a listener and its clients): serves such a link as if it
 * led to a child. Above the runtime (it uses the parent's and the child's side of it), so apart from the
 * wire-level {@link dev.ipckit.spi} that the runtime itself builds on.
 */
package dev.ipckit.spi.peer;
