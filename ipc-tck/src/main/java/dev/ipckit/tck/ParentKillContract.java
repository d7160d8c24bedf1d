package dev.ipckit.tck;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;
import dev.ipckit.Pool;
import dev.ipckit.Queue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILL of a parent that is busy: a middle JVM (started by this one) starts plain children that are
 * sleeping, blocked in a queue take and streaming into a pipe, a pool whose workers are mid-task (and
 * whose warm spare is starting or waiting) and an idle warm spare, then reports every pid. The test kills the middle by pid: two seconds later none of them may run.
 *
 * <p>While the tree is up, the middle also checks that its authkey is in no child's
 * {@code /proc/<pid>/cmdline} or {@code environ} (raw, hex or Base64), and the test checks the same of the
 * middle with this JVM's key: the key travels on stdin only, on every transport.
 */
public abstract class ParentKillContract extends ContractBase {
    /** How long a child or pool worker may outlive its parent's SIGKILL: the limit of issue #8. */
    protected static final Duration ORPHAN_LIMIT = Duration.ofSeconds(2);
    private static final Duration HANG = Duration.ofSeconds(60);
    /** How long the test watches orphans, to report how late they were when they break the limit. */
    private static final Duration OBSERVE = Duration.ofSeconds(10);

    /** What the middle reports once its tree is up. */
    record Tree(List<Long> children, List<Long> workers, List<Long> spares, List<String> keyLeaks)
            implements java.io.Serializable {
    }

    @Test
    public void shouldLeaveNoChildOrPoolWorkerRunningTwoSecondsAfterTheParentIsKilled() throws Exception {
        String transport = transport();
        Pipe pipe = ctx().pipe();
        Connection report = pipe.right();
        IpcProcess middle = track(ctx().process(() -> buildTreeAndWait(transport, report)).name("busy-parent")).start();
        List<Long> all = new ArrayList<>();
        try {
            Tree tree = (Tree) pipe.left().recv(HANG).orElseThrow();
            all.addAll(tree.children());
            all.addAll(tree.workers());
            all.addAll(tree.spares());
            assertEquals(3, tree.children().size());
            assertEquals(2, tree.workers().size());
            assertTrue(tree.spares().size() >= 1, "the middle's warm spares (idle, or the pool's, maybe starting)");
            assertEquals(List.of(), tree.keyLeaks(), "the middle's authkey is readable in a child's /proc files");
            assertEquals(List.of(), keyLeaks(middle.pid(), Ipc.authkey()),
                    "this JVM's authkey is readable in the middle's /proc files");
            for (long pid : all) {
                assertTrue(isRunning(pid), "not running before the kill, pid=" + pid);
            }

            middle.kill();
            assertTrue(middle.join(Duration.ofSeconds(20)));
            long t0 = System.nanoTime(); // the parent is dead and reaped: from here its tree has 2 s
            assertEquals(-9, middle.exitCode().orElseThrow());
            java.util.Map<Long, Long> goneAfter = new java.util.TreeMap<>(); // pid -> ms, -1 if still running
            java.util.Map<Long, String> lateThreads = new java.util.TreeMap<>();
            for (Duration until : List.of(ORPHAN_LIMIT, OBSERVE)) {
                for (long pid : all) {
                    if (goneAfter.containsKey(pid)) {
                        continue;
                    }
                    long remaining = until.toNanos() - (System.nanoTime() - t0);
                    if (awaitGone(pid, Duration.ofNanos(Math.max(0, remaining)))) {
                        goneAfter.put(pid, (System.nanoTime() - t0) / 1_000_000);
                    } else if (until == ORPHAN_LIMIT) {
                        lateThreads.put(pid, threadsOf(pid)); // what a late orphan is doing at the limit
                    }
                }
            }
            all.forEach(pid -> goneAfter.putIfAbsent(pid, -1L));
            long millis = goneAfter.values().stream().mapToLong(v -> v < 0 ? Long.MAX_VALUE : v).max().orElse(0);
            assertTrue(millis <= ORPHAN_LIMIT.toMillis(), "children and workers outlived their killed parent by "
                    + "more than " + ORPHAN_LIMIT.toMillis() + " ms: pid=ms " + goneAfter + " (-1: still running after "
                    + OBSERVE.toMillis() + " ms); their threads at the limit (name:state): " + lateThreads);
            System.out.println("parent-kill: " + all.size() + " children, pool workers and spares gone " + millis
                    + " ms after their parent was killed, transport=" + transport);
        } finally {
            reap(middle);
            for (long pid : all) { // orphans are not our children: end any the assertion found, by pid
                ProcessHandle.of(pid).filter(h -> isRunning(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Runs in the middle JVM: children and a pool, all busy; reports the pids, then waits to be killed. */
    static void buildTreeAndWait(String transport, Connection report) throws Exception {
        IpcContext ctx = Ipc.context(transport);
        Queue<String> never = ctx.queue();
        Pipe stream = ctx.pipe();
        Connection into = stream.right();
        List<IpcProcess> children = List.of(
                ctx.process(() -> Thread.sleep(120_000)).name("sleeping").start(),
                ctx.process(() -> never.take()).name("taking").start(),
                ctx.process(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    while (true) {
                        into.sendBytes(chunk); // nobody reads: it streams until the link pushes back
                    }
                }).name("streaming").start());
        Pool pool = ctx.pool(2);
        List<Integer> items = IntStream.range(0, 2).boxed().toList();
        CompletableFuture.runAsync(() -> pool.map(x -> {
            Thread.sleep(120_000);
            return x;
        }, items, 1));
        List<Long> workers = pool.workerPids();
        while (workers.size() < 2) {
            Thread.sleep(20);
            workers = pool.workerPids();
        }
        Thread.sleep(300); // the workers have their tasks
        IpcContext warm = ctx.withWarmSpares(1);
        warm.startSpares().get(60, java.util.concurrent.TimeUnit.SECONDS); // an idle spare; the pool's may still start
        List<Long> childPids = children.stream().map(IpcProcess::pid).toList();
        List<Long> known = new ArrayList<>(childPids);
        known.addAll(workers);
        List<Long> spares = ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .filter(pid -> !known.contains(pid)).toList();
        List<String> leaks = new ArrayList<>();
        byte[] key = Ipc.authkey();
        for (long pid : childPids) {
            leaks.addAll(keyLeaks(pid, key));
        }
        for (long pid : workers) {
            leaks.addAll(keyLeaks(pid, key));
        }
        for (long pid : spares) {
            leaks.addAll(keyLeaks(pid, key));
        }
        report.send(new Tree(childPids, workers, spares, leaks));
        Thread.sleep(120_000);
    }

    /** @return the threads of a process as {@code name:state} from {@code /proc} (Linux), for a report */
    static String threadsOf(long pid) {
        List<String> out = new ArrayList<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    out.add(Files.readString(t.resolve("comm")).trim() + ":" + stat.charAt(stat.lastIndexOf(')') + 2));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return "gone";
        }
        return out.toString();
    }

    /**
     * @param pid a process
     * @param key an authkey
     * @return the {@code /proc} files of the process that show the key in any common encoding
     */
    static List<String> keyLeaks(long pid, byte[] key) throws IOException {
        List<String> found = new ArrayList<>();
        String[] forms = {HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key)};
        for (String file : new String[] {"cmdline", "environ"}) {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), file));
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (text.contains(new String(key, StandardCharsets.ISO_8859_1))) {
                found.add(pid + "/" + file + ": raw");
            }
            for (String form : forms) {
                if (text.toLowerCase().contains(form.toLowerCase())) {
                    found.add(pid + "/" + file + ": encoded");
                }
            }
        }
        return found;
    }
}
