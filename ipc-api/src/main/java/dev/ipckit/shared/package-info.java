/**
 * Memory shared between processes, and what is built on it: named regions ({@link
 * dev.ipckit.shared.SharedMemory}), input written once for many tasks ({@link dev.ipckit.shared.SharedBuffer},
 * {@link dev.ipckit.shared.Broadcast}), atomic values ({@link dev.ipckit.shared.SharedLong} and friends) and
 * synchronization ({@link dev.ipckit.shared.ProcessLock}, {@link dev.ipckit.shared.ProcessCondition},
 * {@link dev.ipckit.shared.ProcessSemaphore}, {@link dev.ipckit.shared.ProcessEvent},
 * {@link dev.ipckit.shared.ProcessBarrier}) — Python's {@code shared_memory}, {@code Value}, {@code Array},
 * {@code Lock}, {@code Event}, {@code Semaphore}, {@code Barrier} and {@code Condition}.
 *
 * <p>Every object here lives in a file on tmpfs mapped by each process that uses it, and crosses a process
 * boundary (in a task, a pool argument, a queue item, with any serializer) as a reference of a few dozen
 * bytes. It belongs to the process that created it and goes when that process closes it, exits or dies —
 * a killed creator's memory is swept, never leaked. So create shared objects in the process that outlives
 * their users (usually the parent): an object a pool worker creates and returns dies with that worker.
 * Small objects (locks, counters, events) take a 64-byte slot of their creator's arena, never reused while
 * it lives: make them once and share them, rather than one per request. Updates are the processor's atomic instructions on the
 * shared page; waiting spins briefly, then parks for growing intervals of at most a millisecond.
 *
 * <p>Processes meet within one pid namespace (owners and creators are pids). tmpfs takes pages as they are
 * written: a region larger than the room left can fail with a JVM error (SIGBUS) when a page past the room
 * is first written — creating one checks the free space, but cannot reserve it.
 */
package dev.ipckit.shared;
