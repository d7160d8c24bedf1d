package dev.ipckit.demos.bench;

import dev.ipckit.socket.python.PythonClient;
import dev.ipckit.socket.python.PythonConnection;
import dev.ipckit.socket.python.PythonListener;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Round trips of 64-byte messages on CPython's own {@code multiprocessing.connection} wire: a CPython
 * client with a CPython echo (its {@code Listener} in a second Python process), the same CPython client
 * with a Java echo ({@link PythonListener}), and a Java client ({@link PythonClient}) with the CPython
 * echo. The CPython client times itself with {@code time.perf_counter_ns}; the Java one with
 * {@code System.nanoTime} into an HdrHistogram. Needs {@code python3} on the PATH.
 */
final class PythonWireBenchmark implements Benchmark {
    private static final int SIZE = 64;

    /** The CPython side: an echo listener (mode echo) or a timing client (mode client). */
    private static final String SCRIPT = String.join("\n",
            "import sys, time, json",
            "from multiprocessing.connection import Listener, Client",
            "mode, key = sys.argv[1], bytes.fromhex(sys.argv[2])",
            "if mode == 'echo':",
            "    with Listener(('127.0.0.1', 0), authkey=key) as l:",
            "        print(l.address[1], flush=True)",
            "        while True:",
            "            with l.accept() as c:",
            "                try:",
            "                    while True:",
            "                        c.send_bytes(c.recv_bytes())",
            "                except EOFError:",
            "                    pass",
            "else:",
            "    port, n, warm = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])",
            "    c = Client(('127.0.0.1', port), authkey=key)",
            "    m = bytes(64)",
            "    for _ in range(warm):",
            "        c.send_bytes(m); c.recv_bytes()",
            "    t = []",
            "    for _ in range(n):",
            "        t0 = time.perf_counter_ns(); c.send_bytes(m); c.recv_bytes(); t.append(time.perf_counter_ns() - t0)",
            "    c.close()",
            "    t.sort()",
            "    q = lambda p: t[min(len(t) - 1, int(p * len(t)))] / 1000",
            "    print(json.dumps({'p50': q(0.5), 'p99': q(0.99), 'p999': q(0.999)}))");

    @Override
    public String name() {
        return "pywire";
    }

    @Override
    public String summary() {
        return "round trip, 64 B, on CPython's multiprocessing.connection wire: Python<->Python, Python<->Java (µs)";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        RunInfo info = run.info(name());
        info.print(System.out, name(), summary());
        int n = run.quick() ? 2_000 : 50_000;
        int warm = run.quick() ? 500 : 10_000;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String hex = HexFormat.of().formatHex(key);
        Table t = new Table(name(), "Round trip, 64 B send_bytes/recv_bytes on CPython's wire (µs)",
                Table.Column.text("client"), Table.Column.text("echo"), new Table.Column("round trips", "%,d"),
                new Table.Column("median", "%,.1f"), new Table.Column("p99", "%,.1f"), new Table.Column("p99.9", "%,.1f"));
        Map<String, double[]> rows = new LinkedHashMap<>();
        Process echo = new ProcessBuilder("python3", "-c", SCRIPT, "echo", hex).redirectErrorStream(true).start();
        try (PythonListener javaEcho = PythonListener.bind(new InetSocketAddress("127.0.0.1", 0), key,
                PythonConnection.DEFAULT_MAX_MESSAGE_BYTES)) {
            int pyPort = Integer.parseInt(new BufferedReader(new InputStreamReader(echo.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            rows.put("CPython|CPython Listener", pythonClient(hex, pyPort, n, warm));
            Thread server = new Thread(() -> {
                try (PythonConnection c = javaEcho.accept()) {
                    while (true) {
                        c.sendBytes(c.recvBytes());
                    }
                } catch (RuntimeException done) {
                    // the client closed
                }
            }, "pywire-java-echo");
            server.setDaemon(true);
            server.start();
            rows.put("CPython|Java PythonListener", pythonClient(hex, javaEcho.address().getPort(), n, warm));
            rows.put("Java PythonClient|CPython Listener", javaClient(key, pyPort, n, warm));
        } finally {
            echo.destroyForcibly();
            echo.waitFor(10, TimeUnit.SECONDS);
        }
        for (Map.Entry<String, double[]> r : rows.entrySet()) {
            String[] who = r.getKey().split("\\|");
            double[] v = r.getValue();
            t.row(who[0], who[1], n, v[0], v[1], v[2]);
            run.figure(BenchRun.figure(name(), null, SIZE, "rtt_p50_us", v[0], "µs")
                    .with("client", who[0]).with("echo", who[1]));
        }
        t.note("each pair on one fresh connection; " + warm + " round trips of warm-up first; 64 zero bytes");
        t.print(System.out);
        t.write(run.out(), info);
    }

    private static double[] pythonClient(String hex, int port, int n, int warm) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", SCRIPT, "client", hex, String.valueOf(port),
                String.valueOf(n), String.valueOf(warm)).redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null || !line.startsWith("{")) {
                throw new IllegalStateException("the CPython client failed: " + line);
            }
            return new double[] {field(line, "p50"), field(line, "p99"), field(line, "p999")};
        } finally {
            p.destroyForcibly();
        }
    }

    private static double field(String json, String name) {
        int at = json.indexOf("\"" + name + "\": ") + name.length() + 4;
        int end = at;
        while (end < json.length() && "0123456789.eE-+".indexOf(json.charAt(end)) >= 0) {
            end++;
        }
        return Double.parseDouble(json.substring(at, end));
    }

    private static double[] javaClient(byte[] key, int port, int n, int warm) {
        Histogram h = new Histogram(3);
        byte[] m = new byte[SIZE];
        try (PythonConnection c = PythonClient.connect(new InetSocketAddress("127.0.0.1", port), key,
                PythonConnection.DEFAULT_MAX_MESSAGE_BYTES)) {
            for (int i = 0; i < warm; i++) {
                c.sendBytes(m);
                c.recvBytes();
            }
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                c.sendBytes(m);
                c.recvBytes();
                h.recordValue(System.nanoTime() - t0);
            }
        }
        return new double[] {h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3};
    }
}
