package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared-memory settings each JVM reads from its own system properties (the idle strategy and the
 * longest park). A child is not given the parent's {@code -D} options, so when one of these is set on the
 * benchmark's JVM it is passed on to the children through {@link IpcContext#withJvmOptions}: otherwise a
 * {@code -Dipckit.shm.idle=busy} run would spin in the parent only.
 */
final class ShmProps {
    /** {@code ShmConfig.IDLE_PROP} and {@code ShmConfig.MAX_PARK_MICROS_PROP}, spelled out to keep demos off ipc-sharedmem. */
    static final List<String> FORWARDED = List.of("ipckit.shm.idle", "ipckit.shm.maxParkMicros");

    private ShmProps() {
    }

    /** @return the {@code -D} options for the properties set in this JVM, in {@link #FORWARDED} order */
    static List<String> options() {
        List<String> o = new ArrayList<>();
        for (String p : FORWARDED) {
            String v = System.getProperty(p);
            if (v != null) {
                o.add("-D" + p + "=" + v);
            }
        }
        return o;
    }

    /** @return {@code ctx} with this JVM's shared-memory settings added to its children's options */
    static IpcContext forward(IpcContext ctx) {
        List<String> o = options();
        return o.isEmpty() ? ctx : ctx.withJvmOptions(o.toArray(String[]::new));
    }

    /** @return a note saying which settings parent and children ran with */
    static String note() {
        List<String> o = options();
        return o.isEmpty() ? "shared-memory settings: the defaults (ipckit.shm.idle=backoff) in parent and children"
                : "shared-memory settings in the parent and passed to every child: " + String.join(" ", o);
    }
}
