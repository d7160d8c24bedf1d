package dev.ipckit.internal.region;

import dev.ipckit.IpcException;
import dev.ipckit.spi.Pids;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * Where shared-memory regions live and how they are made, found, and swept.
 *
 * <p>Each region is one file in a private directory, {@code <root>/ipckit-mem-<user>-<pid namespace>} (mode
 * 0700, files 0600), where root is {@value #DIR_PROP} if set, else {@code /dev/shm} (tmpfs) if writable, else the temp
 * directory. A file starts with a {@value #HEADER}-byte header (magic, creator pid, size) and the region's
 * bytes follow, so they start on a page.
 *
 * <p>A region belongs to the process that created it: it is deleted when its creator closes it, exits
 * (shutdown hook), or dies (the creator's parent sweeps after a child exits; any process sweeps regions of
 * dead creators when it first uses shared memory). A process that only attached never deletes a region by
 * exiting — the leak-or-double-unlink trap of Python's {@code resource_tracker}.
 */
public final class Regions {
    /** System property naming the root directory. */
    public static final String DIR_PROP = "ipckit.shared.dir";
    /** Bytes before a region's data. */
    public static final int HEADER = 4096;
    /** Longest region name. */
    public static final int MAX_NAME = 100;

    private static final long MAGIC = 0x31304d454d4b5049L; // "IPKMEM01" little-endian
    private static final int PID_AT = 8;
    private static final int SIZE_AT = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME + "}");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** A file whose header is not written yet is some creator's work in progress for at most this long. */
    private static final Duration UNFINISHED_GRACE = Duration.ofSeconds(60);
    private static final Duration ATTACH_WAIT = Duration.ofSeconds(2);

    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile Path dir;

    private Regions() {
    }

    /**
     * @param name a region name
     * @return the name, checked
     * @throws IllegalArgumentException if it is not 1 to 100 of {@code [A-Za-z0-9._-]}
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("a shared memory name is 1 to " + MAX_NAME
                    + " of the characters A-Z a-z 0-9 . _ -, name=" + name);
        }
        return name;
    }

    /** @return a fresh name that names this process: {@code ipk-<pid>-<random>} */
    public static String newName() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "ipk-" + Pids.self() + "-" + HexFormat.of().formatHex(random);
    }

    /** @return the private directory of regions, made on first use */
    public static Path directory() {
        Path d = dir;
        if (d == null) {
            synchronized (Regions.class) {
                d = dir;
                if (d == null) {
                    d = makeDirectory();
                    dir = d;
                }
            }
        }
        return d;
    }

    /** @return where the directory of regions is, made or not */
    private static Path location() {
        String set = System.getProperty(DIR_PROP);
        Path root;
        if (set != null) {
            root = Path.of(set);
        } else {
            Path shm = Path.of("/dev/shm");
            root = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return root.resolve("ipckit-mem-" + user + pidNamespace());
    }

    /**
     * Pids name owners and creators, so processes meet only within one pid namespace: a container that shares
     * {@code /dev/shm} with another but not its pids gets a directory of its own (and never sweeps the other's).
     *
     * @return {@code -<namespace inode>} on Linux, else empty
     */
    private static String pidNamespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString(); // pid:[4026531836]
            String digits = link.replaceAll("[^0-9]", "");
            return digits.isEmpty() ? "" : "-" + digits;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    private static Path makeDirectory() {
        Path d = location();
        try {
            Files.createDirectories(d.getParent());
            if (POSIX) {
                try {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(DIR_MODE));
                } catch (FileAlreadyExistsException exists) {
                    // made before, by us or by another of our processes
                }
                if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IpcException("the shared memory directory is not a directory, path=" + d);
                }
                Files.setPosixFilePermissions(d, DIR_MODE); // fails unless we own it
            } else {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new IpcException("cannot make the shared memory directory, path=" + d + ", reason=" + e, e);
        }
        return d;
    }

    /** Removes the directory of regions if nothing is left in it (another process may re-make it at once). */
    private static void removeDirectoryIfEmpty() {
        Path d = dir;
        if (d != null) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException | RuntimeException notEmptyOrGone) {
                // in use by another process, or already gone: either way nothing to do
            }
        }
    }

    /** Sweeps once per process and installs the hook that deletes this process's regions at exit. */
    private static void start() {
        if (STARTED.compareAndSet(false, true)) {
            sweep();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                CREATED.forEach(Regions::deleteQuietly);
                removeDirectoryIfEmpty();
            }, "ipckit-shared-memory-cleanup"));
        }
    }

    /**
     * Creates a region: a new file, sparse (pages are taken as they are written), mapped read-write.
     *
     * @param name its name, checked by {@link #checkName(String)}
     * @param size its size in bytes, positive
     * @return the mapping of the whole file, header included
     * @throws IpcException if the name is taken or the file system has no room
     */
    public static Mapping create(String name, long size) {
        return create(name, size, false);
    }

    private static Mapping create(String name, long size, boolean retried) {
        checkName(name);
        if (size <= 0 || size > Long.MAX_VALUE - HEADER) {
            throw new IllegalArgumentException("a shared memory size must be positive, size=" + size);
        }
        start();
        Path file = directory().resolve(name);
        long length = HEADER + size;
        FileChannel ch = null;
        try {
            if (!Files.isDirectory(directory())) { // another process removed it when it was empty
                synchronized (Regions.class) {
                    dir = makeDirectory();
                }
            }
            long free = Files.getFileStore(directory()).getUsableSpace();
            if (free < length) {
                throw new IpcException("no room for shared memory, name=" + name + ", size=" + size
                        + ", free=" + free + " in " + directory());
            }
            FileAttribute<?>[] attrs = POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                    : new FileAttribute<?>[0];
            ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), attrs);
            CREATED.add(file);
            ch.write(ByteBuffer.wrap(new byte[1]), length - 1); // sets the length; tmpfs keeps it sparse
            Mapping m = new Mapping(ch, length, true);
            m.putLong(PID_AT, Pids.self());
            m.putLong(SIZE_AT, size);
            VarHandle.releaseFence();
            m.setLongVolatile(0, MAGIC); // last: an attacher that sees the magic sees the header
            return m;
        } catch (FileAlreadyExistsException e) {
            closeQuietly(ch);
            throw new IpcException("shared memory already exists, name=" + name);
        } catch (NoSuchFileException e) {
            closeQuietly(ch);
            if (ch == null && !retried) { // the directory went (another process's exit) between check and create
                synchronized (Regions.class) {
                    dir = makeDirectory();
                }
                return create(name, size, true);
            }
            deleteQuietly(file);
            throw new IpcException("cannot create shared memory, name=" + name + ", size=" + size + ", reason=" + e, e);
        } catch (IOException e) {
            closeQuietly(ch);
            deleteQuietly(file);
            throw new IpcException("cannot create shared memory, name=" + name + ", size=" + size + ", reason=" + e, e);
        }
    }

    /**
     * Attaches to a region another process (or this one) created.
     *
     * @param name its name
     * @return the mapping of the whole file, header included
     * @throws IpcException if there is no such region (never made, or its creator closed it or died)
     */
    public static Mapping attach(String name) {
        checkName(name);
        start();
        Path file = directory().resolve(name);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long length = ch.size();
            long deadline = System.nanoTime() + ATTACH_WAIT.toNanos();
            while (length < HEADER + 1 || !hasMagic(ch)) { // the creator is between open and header
                if (System.nanoTime() > deadline) {
                    throw new IpcException("shared memory is not initialized, name=" + name);
                }
                Thread.sleep(1);
                length = ch.size();
            }
            Mapping m = new Mapping(ch, length, true);
            if (m.getLong(SIZE_AT) != length - HEADER) {
                m.close();
                throw new IpcException("shared memory header does not match its file, name=" + name);
            }
            return m;
        } catch (NoSuchFileException e) {
            throw new IpcException("no shared memory of that name (never created, or its creator closed it or"
                    + " exited), name=" + name);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IpcException("cannot attach shared memory, name=" + name + ", reason=" + e, e);
        } catch (InterruptedException e) {
            closeQuietly(ch);
            Thread.currentThread().interrupt();
            throw new IpcException("interrupted while attaching shared memory, name=" + name);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static boolean hasMagic(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        ch.read(b, 0);
        return b.flip().remaining() == 8 && b.getLong() == MAGIC;
    }

    /**
     * @param mapping a region's mapping
     * @return the pid of the process that created it
     */
    public static long creator(Mapping mapping) {
        return mapping.getLong(PID_AT);
    }

    /**
     * Removes a region's name: it can no longer be attached, and its memory is freed once every process has
     * let go of its mappings.
     *
     * @param name the region's name
     * @return whether it existed
     */
    public static boolean unlink(String name) {
        Path file = directory().resolve(checkName(name));
        CREATED.remove(file);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    /** @return whether a region of this name exists now */
    public static boolean exists(String name) {
        return Files.exists(directory().resolve(checkName(name)));
    }

    /**
     * Deletes the regions whose creator no longer runs.
     *
     * @return how many were deleted
     */
    public static int sweep() {
        return sweep(-1);
    }

    /**
     * Deletes the regions a process created, after it ended (a parent calls this when a child exits, so a
     * killed child's regions go at once).
     *
     * @param pid the ended process
     * @return how many were deleted
     */
    public static int sweepCreator(long pid) {
        return Files.isDirectory(location()) ? sweep(pid) : 0;
    }

    private static int sweep(long onlyPid) {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory())) {
            for (Path f : files) {
                long pid = headerPid(f);
                boolean dead;
                if (pid < 0) {
                    continue; // unreadable: not ours to judge
                } else if (pid == 0) { // no header yet: someone's creation in progress, or its remains
                    dead = onlyPid < 0 && olderThan(f, UNFINISHED_GRACE);
                } else if (onlyPid >= 0) {
                    dead = pid == onlyPid && !Pids.isRunning(pid);
                } else {
                    dead = pid != Pids.self() && !Pids.isRunning(pid);
                }
                if (dead && deleteQuietly(f)) {
                    n++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a sweep is best effort: the next one retries
        }
        return n;
    }

    /** @return the creator pid in a region file's header, or 0 if it has none (yet) */
    private static long headerPid(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read the first 16 bytes
            }
            b.flip();
            return b.remaining() == 16 && b.getLong(0) == MAGIC ? b.getLong(PID_AT) : 0;
        } catch (IOException e) {
            return -1; // gone, or not ours to read: leave it
        }
    }

    private static boolean olderThan(Path f, Duration age) throws IOException {
        FileTime t = Files.getLastModifiedTime(f);
        return t.toInstant().isBefore(Instant.now().minus(age));
    }

    private static boolean deleteQuietly(Path f) {
        CREATED.remove(f);
        try {
            return Files.deleteIfExists(f);
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
