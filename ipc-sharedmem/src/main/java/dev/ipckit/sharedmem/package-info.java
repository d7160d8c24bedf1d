/**
 * The shared-memory transport: frames over a pair of memory-mapped Chronicle Queues on tmpfs, one per
 * direction. Users pick it by name ({@code Ipc.context("sharedmem")}); nothing here is called directly
 * except {@link dev.ipckit.sharedmem.ShmConfig}'s property names.
 */
package dev.ipckit.sharedmem;
