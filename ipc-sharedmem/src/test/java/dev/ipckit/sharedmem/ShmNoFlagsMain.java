package dev.ipckit.sharedmem;

import dev.ipckit.Ipc;

/** Not a test: a JVM started without Chronicle's flags tries to use this transport. */
public final class ShmNoFlagsMain {
    private ShmNoFlagsMain() {
    }

    /** @param args unused */
    public static void main(String[] args) {
        try {
            Ipc.context(SharedMemTransport.NAME);
            System.out.println("NO ERROR");
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
