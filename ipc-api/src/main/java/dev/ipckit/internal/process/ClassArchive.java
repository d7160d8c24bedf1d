package dev.ipckit.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An AppCDS archive of the classes a child loads, so that children after the first start faster: the
 * first child of a class path dumps its classes when it exits ({@code -XX:ArchiveClassesAtExit}), later
 * ones map them ({@code -XX:SharedArchiveFile}). Archives live in a private directory (0700, checked to be
 * this user's) and are keyed by the JDK, the class path with each jar's size and time, and the JVM
 * options, so a changed jar simply gets a new archive. One child at a time dumps (a lock file).
 *
 * <p>CDS maps jars only: a class path with a directory in it (a build's {@code target/classes}) gets no
 * archive. Off with {@code -Dipckit.cds=off}; a child whose options already name an archive is left alone.
 */
final class ClassArchive {
    /** Property: {@code auto} (default) or {@code off}. */
    static final String PROP = "ipckit.cds";
    /** Property: the directory for archives; default a per-user directory under {@code java.io.tmpdir}. */
    static final String DIR_PROP = "ipckit.cds.dir";
    /** A dump lock older than this was left by a child that never finished; it is taken over. */
    static final Duration STALE_LOCK = Duration.ofMinutes(5);
    /** An archive not used for this long (its jars changed, say) is deleted, so the directory stays small. */
    static final Duration UNUSED = Duration.ofDays(7);

    private static volatile boolean swept;

    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    /** The JVM's notes on what it could not archive, or on a stale archive, are not the user's business. */
    static final String QUIET = "-Xlog:cds*=off:stderr";

    /**
     * What one child does with the archive.
     *
     * @param options the JVM options to add
     * @param dumping where that child dumps, to be moved to {@code target} when it ends; or null
     * @param target the archive
     * @param lock the dump lock this child holds, or null
     */
    record Plan(List<String> options, Path dumping, Path target, Path lock) {
        static final Plan NONE = new Plan(List.of(), null, null, null);
    }

    private ClassArchive() {
    }

    /**
     * @param classPath the child's class path
     * @param jvmOptions the child's other JVM options
     * @return the plan for one child; {@link Plan#NONE} where CDS does not apply
     */
    static Plan plan(String classPath, List<String> jvmOptions) {
        if ("off".equals(System.getProperty(PROP, "auto"))
                || jvmOptions.stream().anyMatch(o -> o.contains("SharedArchiveFile") || o.contains("ArchiveClassesAtExit")
                || o.startsWith("-Xshare"))) {
            return Plan.NONE;
        }
        try {
            String key = key(classPath, jvmOptions);
            if (key == null) {
                return Plan.NONE;
            }
            Path dir = privateDirectory();
            if (dir == null) {
                return Plan.NONE;
            }
            sweepOnce(dir);
            Path target = dir.resolve("child-" + key + ".jsa");
            if (Files.isRegularFile(target)) {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return new Plan(List.of("-XX:SharedArchiveFile=" + target, QUIET), null, target, null);
            }
            Path lock = dir.resolve("child-" + key + ".lock");
            try {
                Files.createFile(lock);
            } catch (FileAlreadyExistsException e) {
                if (Files.getLastModifiedTime(lock).toInstant().isAfter(Instant.now().minus(STALE_LOCK))) {
                    return Plan.NONE; // another child is dumping it now
                }
                Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
            }
            Path dumping = dir.resolve("child-" + key + "." + ProcessHandle.current().pid() + "."
                    + System.nanoTime() + ".tmp");
            return new Plan(List.of("-XX:ArchiveClassesAtExit=" + dumping, QUIET), dumping, target, lock);
        } catch (IOException | RuntimeException e) {
            return Plan.NONE; // an archive is an optimisation: never a reason for a child not to start
        }
    }

    /**
     * The child has ended: a finished dump becomes the archive; the lock goes.
     *
     * @param plan what the child did
     */
    static void childEnded(Plan plan) {
        if (plan.dumping() == null) {
            return;
        }
        try {
            if (Files.isRegularFile(plan.dumping()) && Files.size(plan.dumping()) > 0) {
                Files.move(plan.dumping(), plan.target(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // another child's archive won, or the directory went away: the next child tries again
        } finally {
            try {
                Files.deleteIfExists(plan.dumping());
                Files.deleteIfExists(plan.lock());
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Deletes archives unused for {@link #UNUSED}, once per JVM. */
    private static void sweepOnce(Path dir) {
        if (swept) {
            return;
        }
        swept = true;
        Instant cutoff = Instant.now().minus(UNUSED);
        try (var files = Files.newDirectoryStream(dir, "child-*.jsa")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a cache: whatever cannot be swept now is swept by a later JVM
        }
    }

    /** @return a digest of what the archive depends on, or null if the class path has a directory */
    private static String key(String classPath, List<String> jvmOptions) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
        d.update((System.getProperty("java.home") + "\n" + Runtime.version() + "\n").getBytes(StandardCharsets.UTF_8));
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isRegularFile(p)) {
                return null; // a directory or a missing entry: CDS cannot archive it
            }
            d.update((p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        d.update(String.join("\n", jvmOptions).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest(), 0, 12);
    }

    /** @return the archive directory, made private to this user, or null if it is not safely ours */
    private static Path privateDirectory() throws IOException {
        String configured = System.getProperty(DIR_PROP);
        Path dir = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "ipckit-cds-" + System.getProperty("user.name"));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
            } catch (UnsupportedOperationException e) {
                return null;
            }
        }
        // Another user could plant an archive, and so code, in a directory they own or can write to.
        if (Files.isSymbolicLink(dir)
                || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE)) {
            return null;
        }
        return dir;
    }
}
