package dev.ipckit.sharedmem;

import net.openhft.posix.PosixAPI;

/**
 * What a child does before its first use of Chronicle, to start faster. Chronicle's {@code Jvm} class
 * binds POSIX calls through JNR when it loads, generating code with ASM: some 300 classes and a good
 * part of a child's start. This transport needs none of those calls on tmpfs (their only use on its
 * path is {@code msync}, which tmpfs does not need), so a child takes Chronicle's own no-op binding.
 * Done in children only: the parent's JVM is the user's, and other Chronicle users in it may want them.
 */
final class ShmStartup {
    private ShmStartup() {
    }

    /** Call before anything touches Chronicle in this JVM. */
    static void beforeChronicle() {
        PosixAPI.useNoOpPosixApi();
    }
}
