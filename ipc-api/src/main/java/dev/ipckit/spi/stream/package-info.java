/**
 * Building blocks for transports that carry frames on byte streams (pipes, plain sockets): a reader
 * that decodes frames, a batching writer, and the {@link dev.ipckit.spi.stream.StreamLink} made of both.
 */
package dev.ipckit.spi.stream;
