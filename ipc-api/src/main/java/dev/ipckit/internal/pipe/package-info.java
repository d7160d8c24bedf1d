/** Pipe ends and the router that delivers their frames wherever the ends have moved. Internal. */
package dev.ipckit.internal.pipe;
