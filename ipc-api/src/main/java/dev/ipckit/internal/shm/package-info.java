/**
 * The machinery under {@code dev.ipckit.shared}: region files and their sweeping ({@code Regions}), mappings
 * of any size ({@code Mapping}), the per-process arena for small objects, the attach cache, the reference
 * that crosses processes ({@code ShmRef}), and the wait strategy ({@code Backoff}).
 */
package dev.ipckit.internal.shm;
