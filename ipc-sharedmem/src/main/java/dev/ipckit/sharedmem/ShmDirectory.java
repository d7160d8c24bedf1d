package dev.ipckit.sharedmem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The private directory of one link: {@code <root>/ipckit-shm-<owner pid>-<random>}, mode 0700, its
 * files 0600, made by the parent and deleted by it on close. The owner's pid in the name lets the next
 * JVM that uses this transport sweep what a crashed owner left behind; a shutdown hook deletes what a
 * JVM that exits without closing its links still holds.
 *
 * <p><b>Thread-safe.</b>
 */
final class ShmDirectory {
    /** Prefix of every link directory. */
    static final String PREFIX = "ipckit-shm-";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private ShmDirectory() {
    }

    /**
     * Makes a new private directory under the root, after sweeping the root once per JVM.
     *
     * @param root where to make it
     * @return the directory
     * @throws IOException if it cannot be made
     */
    static Path create(Path root) throws IOException {
        if (SWEPT.compareAndSet(false, true)) {
            sweep(root);
        }
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        Path dir = root.resolve(PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
        if (POSIX) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE); // whatever the umask
        } else {
            Files.createDirectory(dir);
        }
        OWNED.add(dir);
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> OWNED.forEach(ShmDirectory::delete),
                    "ipckit-shm-cleanup"));
        }
        return dir;
    }

    /**
     * Restricts a file to its owner, best effort (the directory's mode is what keeps others out).
     *
     * @param file a file Chronicle made
     */
    static void restrict(Path file) {
        if (POSIX) {
            try {
                Files.setPosixFilePermissions(file, FILE_MODE);
            } catch (IOException | RuntimeException ignored) {
                // deleted meanwhile, or not ours
            }
        }
    }

    /**
     * Deletes a link directory and everything in it; quiet if it is gone already.
     *
     * @param dir the directory
     */
    static void delete(Path dir) {
        OWNED.remove(dir);
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file that cannot go stays for the next sweep
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // gone already
        }
    }

    /**
     * @param dir a link directory
     * @return the pid of its owner from its name, or -1 if the name is not a link directory's
     */
    static long ownerPid(Path dir) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(PREFIX)) {
            return -1;
        }
        int dash = name.indexOf('-', PREFIX.length());
        try {
            return dash < 0 ? -1 : Long.parseLong(name.substring(PREFIX.length(), dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Deletes the link directories under the root whose owner is dead.
     *
     * @param root the root
     * @return how many were deleted
     */
    static int sweep(Path root) {
        int n = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path d : dirs) {
                long pid = ownerPid(d);
                if (pid > 0 && !ShmPeer.isRunning(pid) && Files.isWritable(d)) {
                    delete(d);
                    n++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing to sweep
        }
        return n;
    }
}
