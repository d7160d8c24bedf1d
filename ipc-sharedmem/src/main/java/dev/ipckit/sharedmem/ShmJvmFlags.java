package dev.ipckit.sharedmem;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags Chronicle Queue needs, and a check that this JVM has them. Without
 * {@code sun.nio.ch} exported Chronicle cannot map files, and depending on the version it either throws
 * or, worse, opens the queue read-only so that writers fail and readers wait forever; this check turns
 * that into one clear error before any queue is opened.
 */
final class ShmJvmFlags {
    /** Needed on every JDK from 17: mapping files, cleaning buffers, reflective field access. */
    static final List<String> JDK17 = List.of(
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");
    /** Also needed from JDK 23 (JEP 471/472 warnings become errors later); JDK 17 refuses to start with them. */
    static final List<String> JDK23 = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    /**
     * Always set in children: no usage reports over the network, no banner; and neither Chronicle's
     * timing notes nor its disk-space poller (a thread, and nothing to report on tmpfs that the link's
     * back-pressure does not already bound). Warnings still show.
     */
    static final List<String> PROPERTIES = List.of(
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true",
            "-Ddisable.perf.info=true",
            "-Dchronicle.disk.monitor.disable=true");
    /** The first JDK that needs {@link #JDK23}. */
    static final int NATIVE_ACCESS_FEATURE = 23;

    private ShmJvmFlags() {
    }

    /**
     * @param feature a JDK feature version
     * @return every flag a JVM of that version needs, properties included
     */
    static List<String> forFeature(int feature) {
        List<String> all = new ArrayList<>(JDK17);
        if (feature >= NATIVE_ACCESS_FEATURE) {
            all.addAll(JDK23);
        }
        all.addAll(PROPERTIES);
        return all;
    }

    /**
     * Checks what can be checked from inside: the exports and opens of {@code java.base}. The JDK 23
     * flags only silence warnings, so their absence is not an error.
     *
     * @return the missing flags, empty when this JVM can run Chronicle
     */
    static List<String> missing() {
        Module base = Object.class.getModule();
        Module me = ShmJvmFlags.class.getModule();
        List<String> missing = new ArrayList<>();
        if (!base.isExported("sun.nio.ch", me)) {
            missing.add(JDK17.get(0));
        }
        if (!base.isOpen("java.lang.reflect", me)) {
            missing.add(JDK17.get(1));
        }
        if (!base.isExported("jdk.internal.ref", me)) {
            missing.add(JDK17.get(2));
        }
        return missing;
    }

    /**
     * @param missing what {@link #missing()} found
     * @return the message for users: what is missing and the whole set to add
     */
    static String message(List<String> missing) {
        return "the sharedmem transport needs JVM flags this JVM lacks, missing=" + missing
                + "; start this JVM with: " + String.join(" ", forFeature(Runtime.version().feature()));
    }
}
