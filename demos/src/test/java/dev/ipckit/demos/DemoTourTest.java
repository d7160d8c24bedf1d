package dev.ipckit.demos;

import dev.ipckit.Ipc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every demo runs to the end, in its quick form, on every transport, and prints what it claims to show.
 * Each demo ends the processes it starts; the test checks that none is left.
 */
class DemoTourTest {
    private static final long PID = ProcessHandle.current().pid();

    /** What each demo must show, checked on its output. */
    private static final Map<String, Consumer<String>> SHOWS = new LinkedHashMap<>();

    static {
        SHOWS.put("000-chunks", out -> {
            assertEquals(4, count(out, "进程父进程编号 (parent pid) " + PID), "each chunk's parent is this JVM");
            assertContains(out, "[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]]", "all 4 chunks done");
        });
        SHOWS.put("001-sing-dance", out -> {
            assertEquals(6, count(out, "sing ..."));
            assertEquals(6, count(out, "dance ..."));
            assertContains(out, "exit codes: sing=0, dance=0");
        });
        SHOWS.put("001-join", out -> {
            String without = between(out, "-- without join()", "-- with join()");
            String after = without.substring(without.indexOf("这是一个测试"));
            assertContains(without, "sing alive=true, dance alive=true");
            assertTrue(count(after, "sing ...") > 0, "children still print after the parent's line:\n" + without);
            String with = out.substring(out.indexOf("-- with join()"));
            assertEquals(3, count(with.substring(0, with.indexOf("这是一个测试")), "sing ..."), "join waits for all");
            assertContains(with, "sing alive=false, dance alive=false");
        });
        SHOWS.put("001-args-pids", out -> {
            assertContains(out, "sing 的父进程 pid (parent pid): " + PID, "dance 的父进程 pid (parent pid): " + PID);
            assertEquals(3, count(out, "sing ..."));
            assertEquals(3, count(out, "dance ..."));
        });
        SHOWS.put("001-daemon", out -> {
            assertEquals(10, count(between(out, "daemon = False", "daemon = True"), "working ..."),
                    "a normal child keeps its parent alive until its ten lines are out");
            assertTrue(count(out.substring(out.indexOf("daemon = True")), "working ...") < 10,
                    "a daemon child ends with its parent");
            assertEquals(2, count(out, "exit code 0"));
        });
        SHOWS.put("001-threads", out -> {
            assertEquals(3, count(out, "singing ..."));
            assertEquals(3, count(out, ": started 1 2 3 4 5, finished "));
        });
        SHOWS.put("002-producer-consumer", out -> assertContains(out, "analysis_data got: [11, 22, 33, 44]",
                "exit codes: download_from_web=0, analysis_data=0"));
        SHOWS.put("002-pool-reuse", out -> {
            assertEquals(4, count(out, "完成 (task "));
            assertContains(out, "the same as before: true");
        });
        SHOWS.put("002-thread-task-queue", out -> {
            assertEquals(2, count(out, "拿到了 (got)"));
            assertContains(out, "MyThread ended: alive=false");
        });
        SHOWS.put("003-download", out -> {
            assertEquals(8, count(out, ": HTTP 200, 2600 bytes"));
            assertTrue(out.indexOf("1: HTTP 200") < out.indexOf("8: HTTP 200"), "in input order");
        });
        SHOWS.put("003-is-prime", out -> {
            assertTrue(out.indexOf("112272535095293 is prime: True") < out.indexOf("112582705942171 is prime: True"));
            assertContains(out, "1099726899285419 is prime: False", "process pool, 2 workers", "metrics: links");
        });
        SHOWS.put("003-map-order", out -> {
            assertContains(out, "map (input order):       [6, 5, 4, 3, 2, 1]");
            String line = out.substring(out.indexOf("imapUnordered (as done): "));
            List<Integer> done = Arrays.stream(line.substring(line.indexOf('[') + 1, line.indexOf(']')).split(", "))
                    .map(Integer::parseInt).sorted().collect(Collectors.toList());
            assertEquals(List.of(1, 2, 3, 4, 5, 6), done, "every result, once");
        });
        SHOWS.put("003-chunksize", out -> assertEquals(3, count(out, "(669 primes)"), "the same answer at every size"));
        SHOWS.put("003-dont-pickle", out -> {
            long want = java.util.stream.LongStream.range(0, 16L * (1 << 20) / 8).map(i -> i % 1000).sum();
            assertEquals(3, count(out, "sum=" + String.format("%,d", want)), "the same sum three ways");
            assertTrue(largest(out, "by value (serialized)") > 1_000_000, "by value: the half (a million longs) is in the message");
            assertTrue(largest(out, "ctx.share(data)") < 1_000, "shared: a reference");
            assertTrue(largest(out, "automatic (>= 1 MiB)") < 1_000, "automatic: a reference");
        });
        SHOWS.put("003-top-level", out -> assertContains(out, "[1, 4, 9, 16]", "[101, 104, 109, 116]",
                "counter.calls is still 0", "refused by start(), in the caller",
                "class=dev.ipckit.demos.seed.TopLevelDemo$Counter"));
        SHOWS.put("003-remote-workers", out -> assertContains(out, "30 numbers checked, 25 prime"));
        SHOWS.put("004-process-api", out -> {
            assertContains(out, "a counter, five threads:   1 2 3 4 5", "a counter, five processes: 1 1 1 1 1",
                    "exitCode=-15", "after kill(): exitCode=-9", "run() called directly runs in the caller: pid " + PID);
            assertEquals(5, count(out, ", parent pid " + PID));
            assertEquals(9, count(out, "线程正在工作"));
        });
        SHOWS.put("004-shared-state", out -> {
            assertEquals(5, count(out, "  counter = "));
            for (int i = 1; i <= 5; i++) {
                assertContains(out, "  counter = " + i + "\n");
            }
            assertContains(out, "final value seen by the parent: 5", "recovered() = true");
        });
        SHOWS.put("jvm-no-gil", out -> assertContains(out, "same results: true",
                "a child that called System.exit(3): exit code 3", "exit code 1, java.lang.OutOfMemoryError",
                "a child killed with SIGKILL: exit code -9", "WorkerDiedException", "fresh worker: [10, 20, 30]"));
    }

    private static String run(Demo demo, String transport) throws Exception {
        PrintStream old = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBuf, true, StandardCharsets.UTF_8));
        try {
            demo.run(Ipc.context(transport), true);
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        String err = errBuf.toString(StandardCharsets.UTF_8);
        old.print(out);
        oldErr.print(err);
        // the library's own warnings are for real trouble: none in a tour that goes as it should
        for (String line : err.split("\n")) {
            assertFalse(line.startsWith("ipckit: could not connect") || line.startsWith("ipckit: child never connected")
                    || line.contains("Broken pipe"), demo.name() + " on " + transport + " printed: " + line);
        }
        return out;
    }

    /** @return the "largest task message" figure on the line that starts with {@code way} */
    private static long largest(String out, String way) {
        String line = out.substring(out.indexOf(way));
        line = line.substring(line.indexOf("largest task message: ") + 22, line.indexOf(" bytes"));
        return Long.parseLong(line.replace(",", ""));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String between(String text, String from, String to) {
        int a = text.indexOf(from);
        int b = text.indexOf(to, a);
        assertTrue(a >= 0 && b > a, "missing '" + from + "' ... '" + to + "' in:\n" + text);
        return text.substring(a, b);
    }

    private static void assertContains(String out, String... parts) {
        for (String p : parts) {
            assertTrue(out.contains(p), "missing '" + p + "' in:\n" + out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "socket", "sharedmem"})
    @Timeout(420)
    void everyDemoShouldShowWhatItClaimsOnEveryTransport(String transport) throws Exception {
        assertEquals(SHOWS.keySet(), Demos.all().stream().map(Demo::name).collect(Collectors.toSet()),
                "every demo has its checks here");
        for (Demo d : Demos.all()) {
            String out = run(d, transport);
            try {
                SHOWS.get(d.name()).accept(out);
            } catch (AssertionError e) {
                throw new AssertionError(d.name() + " on " + transport + ": " + e.getMessage(), e);
            }
            assertEquals(List.of(), Ipc.activeChildren(), d.name() + " left a child running");
        }
    }

    @Test
    void everyDemoShouldBeListedWithAUniqueName() {
        assertEquals(Demos.all().size(), Demos.all().stream().map(Demo::name).distinct().count());
    }
}
