package dev.ipckit.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What this JVM holds that a leak would grow, read from {@code /proc} and {@code /dev/shm} (Linux).
 *
 * @param fds open file descriptors
 * @param threads live threads, less the JDK's self-sizing pools (the common fork-join pool and the
 *     process reapers, which linger a minute after the children they waited for)
 * @param shmEntries files and directories under {@code /dev/shm/ipckit-shm-<this pid>-*}
 * @param listening TCP sockets of this JVM in the LISTEN state
 * @param nonLoopbackListening those of them bound to an address other than loopback
 */
public record Resources(int fds, int threads, int shmEntries, int listening, int nonLoopbackListening) {
    private static final long PID = ProcessHandle.current().pid();

    /** @return the resources held now */
    public static Resources now() {
        Set<String> sockets = new HashSet<>();
        int fds = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                fds++;
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        fds--; // the directory stream's own
        int listening = 0;
        int nonLoopback = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String[] row : rows(table)) {
                if (row.length > 9 && "0A".equals(row[3]) && sockets.contains(row[9])) {
                    listening++;
                    if (!isLoopback(row[1].substring(0, row[1].indexOf(':')))) {
                        nonLoopback++;
                    }
                }
            }
        }
        int threads = (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.startsWith("ForkJoinPool.commonPool") && !n.startsWith("process reaper"))
                .count();
        return new Resources(fds, threads, countShmEntries(), listening, nonLoopback);
    }

    /** @return whether no count is above {@code baseline}'s */
    public boolean within(Resources baseline) {
        return fds <= baseline.fds && threads <= baseline.threads && shmEntries <= baseline.shmEntries
                && listening <= baseline.listening && nonLoopbackListening <= baseline.nonLoopbackListening;
    }

    /** @return the larger of each count */
    public Resources max(Resources other) {
        return new Resources(Math.max(fds, other.fds), Math.max(threads, other.threads),
                Math.max(shmEntries, other.shmEntries), Math.max(listening, other.listening),
                Math.max(nonLoopbackListening, other.nonLoopbackListening));
    }

    /** @return the names of the live threads, for a failure message */
    public static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).sorted()
                .toList();
    }

    private static int countShmEntries() {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> top = Files.list(shm)) {
            for (Path dir : (Iterable<Path>) top::iterator) {
                if (dir.getFileName().toString().startsWith("ipckit-shm-" + PID + "-")) {
                    try (Stream<Path> all = Files.walk(dir)) {
                        n += (int) all.count();
                    } catch (IOException | java.io.UncheckedIOException e) {
                        n++; // being deleted right now: still there
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /dev/shm", e);
        }
        return n;
    }

    private static List<String[]> rows(String table) {
        List<String[]> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                rows.add(line.trim().split("\\s+"));
            }
        } catch (IOException e) {
            // no IPv6 on this machine
        }
        return rows;
    }

    /** An address as /proc/net/tcp{,6} shows it: hex, in the kernel's byte order (little-endian words). */
    private static boolean isLoopback(String hex) {
        if (hex.length() == 8) {
            return hex.endsWith("7F"); // 127.x.x.x: the first octet is the last byte shown
        }
        return "00000000000000000000000001000000".equals(hex) // ::1
                || hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"); // ::ffff:127.x.x.x
    }

    @Override
    public String toString() {
        return "fds=" + fds + ", threads=" + threads + ", shmEntries=" + shmEntries + ", listening=" + listening
                + ", nonLoopbackListening=" + nonLoopbackListening;
    }
}
