/**
 * Automatic sharing: inside a pool's send, a large primitive array in a task is written once into a shared
 * memory region and crosses as a reference ({@link dev.ipckit.internal.autoshare.AutoShare}). Above both the
 * public {@code dev.ipckit.shared} types it makes and the regions beneath them.
 */
package dev.ipckit.internal.autoshare;
