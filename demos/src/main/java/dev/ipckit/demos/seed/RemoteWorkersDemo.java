package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.Queue;
import dev.ipckit.demos.Demo;
import dev.ipckit.demos.Main;
import dev.ipckit.demos.RemoteWorker;
import dev.ipckit.socket.Listener;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Seed 003 says "multiple machines: RQ". Here the parent listens (TCP, authenticated) and shares a jobs
 * queue and a results queue; {@code worker} processes connect with the address and the authkey and work
 * through the jobs. This demo starts two workers on this host as unrelated JVMs; on another host the same
 * command joins: {@code java -jar ipckit-demos.jar worker --connect HOST:PORT --authkey-file KEYFILE}.
 */
public final class RemoteWorkersDemo implements Demo {

    @Override
    public String name() {
        return "003-remote-workers";
    }

    @Override
    public String summary() {
        return "multiple machines: workers join a listening parent's queues with an address and the authkey";
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        Queue<Long> jobs = ctx.queue();
        Queue<long[]> results = ctx.queue();
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            numbers.addAll(IsPrimeDemo.PRIMES);
        }
        Path dir = Files.createTempDirectory("ipckit-demo-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path keyFile = dir.resolve("authkey");
        List<Process> workers = new ArrayList<>();
        try (Listener listener = Listener.open(ctx, new InetSocketAddress("127.0.0.1", 0))) {
            listener.share("jobs", jobs).share("results", results);
            Files.writeString(keyFile, HexFormat.of().formatHex(listener.authkey()));
            InetSocketAddress at = listener.address();
            System.out.println("listening on " + at.getHostString() + ":" + at.getPort()
                    + " (loopback here; bind 0.0.0.0 to take workers from other hosts); authkey in a 0600 file");
            for (int w = 0; w < 2; w++) {
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString()));
                if (Runtime.version().feature() >= 23) {
                    cmd.add("--sun-misc-unsafe-memory-access=allow"); // Kryo reads arrays through Unsafe (JEP 471)
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker",
                        "--connect", at.getHostString() + ":" + at.getPort(), "--authkey-file", keyFile.toString()));
                workers.add(new ProcessBuilder(cmd).inheritIO().start());
            }
            numbers.forEach(jobs::put);
            Map<Long, Integer> perWorker = new HashMap<>();
            int primes = 0;
            for (int i = 0; i < numbers.size(); i++) {
                long[] r = results.poll(java.time.Duration.ofSeconds(60));
                if (r == null) {
                    throw new IllegalStateException("no result within 60 s");
                }
                primes += (int) r[1];
                perWorker.merge(r[2], 1, Integer::sum);
            }
            workers.forEach(p -> jobs.put(RemoteWorker.STOP));
            for (Process p : workers) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            System.out.println(numbers.size() + " numbers checked, " + primes + " prime; jobs per worker pid: " + perWorker);
        } finally {
            workers.forEach(p -> {
                if (p.isAlive()) {
                    p.destroyForcibly();
                }
            });
            Files.deleteIfExists(keyFile);
            Files.deleteIfExists(dir);
        }
    }
}
