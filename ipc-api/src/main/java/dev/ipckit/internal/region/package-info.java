/**
 * Shared-memory regions, the machinery under {@code dev.ipckit.shared} ("shm" names only the Chronicle
 * transport, ipc-sharedmem): region files and their sweeping ({@code Regions}), mappings of any size
 * ({@code Mapping}), the per-process arena for small objects, the attach cache, the reference that crosses
 * processes ({@code RegionRef}), and the wait strategy ({@code Backoff}).
 */
package dev.ipckit.internal.region;
