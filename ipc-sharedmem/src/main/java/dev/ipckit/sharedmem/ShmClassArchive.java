package dev.ipckit.sharedmem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An AppCDS archive for children, when {@value ShmConfig#CDS_ARCHIVE_PROP} names a file: most of a
 * child's start is loading and verifying classes (Chronicle's, Kryo's, ipckit's), and a dynamic archive
 * of them cuts it by more than half. On JDK 19+ the JVM makes and refreshes the archive itself
 * ({@code -XX:+AutoCreateSharedArchive}); on 17 the first child of this JVM writes it at exit and later
 * children use it. An archive only works when the class path is all jars, and is ignored (with a JVM
 * warning) when a jar has changed since it was made: delete it then.
 */
final class ShmClassArchive {
    /** The first JDK with {@code -XX:+AutoCreateSharedArchive}. */
    static final int AUTO_CREATE_FEATURE = 19;
    private static final AtomicBoolean DUMPING = new AtomicBoolean();

    private ShmClassArchive() {
    }

    /**
     * @param childFeature the child's JDK feature version
     * @return the options that make or use the archive, or none
     */
    static List<String> childOptions(int childFeature) {
        String file = System.getProperty(ShmConfig.CDS_ARCHIVE_PROP);
        if (file == null || file.isBlank()) {
            return List.of();
        }
        if (childFeature >= AUTO_CREATE_FEATURE) {
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + file);
        }
        if (Files.isRegularFile(Path.of(file))) {
            return List.of("-XX:SharedArchiveFile=" + file);
        }
        return DUMPING.compareAndSet(false, true) ? List.of("-XX:ArchiveClassesAtExit=" + file) : List.of();
    }
}
