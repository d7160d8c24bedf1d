package dev.ipckit.demos;

import dev.ipckit.Queue;
import dev.ipckit.demos.seed.IsPrimeDemo;
import dev.ipckit.socket.Client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The {@code worker} command: joins a listening parent — on this host or another — with its address and
 * authkey, takes numbers from its shared {@code jobs} queue, and puts {@code [n, isPrime, pid]} on its
 * {@code results} queue until it takes a negative number or the parent goes away. The authkey comes from
 * a file or stdin, never the command line.
 */
public final class RemoteWorker {
    /** The job that tells a worker to stop. */
    public static final long STOP = -1;

    private RemoteWorker() {
    }

    /**
     * @param address the listener's address
     * @param authkeyFile a file holding the authkey in hex, or {@code -} for stdin
     * @return how many jobs this worker did
     * @throws IOException if the key cannot be read
     */
    public static int run(InetSocketAddress address, String authkeyFile) throws IOException {
        byte[] key = HexFormat.of().parseHex(readKey(authkeyFile).strip());
        int done = 0;
        try (Client client = Client.connect(address, key)) {
            Queue<Long> jobs = client.queue("jobs");
            Queue<long[]> results = client.queue("results");
            long pid = ProcessHandle.current().pid();
            while (true) {
                long n = jobs.take();
                if (n < 0) {
                    break;
                }
                results.put(new long[] {n, IsPrimeDemo.isPrime(n) ? 1 : 0, pid});
                done++;
            }
        }
        System.out.println("worker " + ProcessHandle.current().pid() + " did " + done + " jobs");
        return done;
    }

    private static String readKey(String file) throws IOException {
        if ("-".equals(file)) {
            return new String(System.in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    }
}
