package dev.ipckit.socket;

import dev.ipckit.Connection;
import dev.ipckit.Queue;

import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;

/**
 * An unrelated JVM for the listener tests: not started by ipckit, it reads the address and the authkey
 * from stdin (never the command line), connects, works through the shared "jobs" queue and reports on
 * the connection.
 */
public final class ClientProbe {
    private ClientProbe() {
    }

    /**
     * @param args unused
     * @throws Exception on failure (exit code 1)
     */
    public static void main(String[] args) throws Exception {
        DataInputStream in = new DataInputStream(System.in);
        String host = in.readUTF();
        int port = in.readInt();
        byte[] key = HexFormat.of().parseHex(in.readUTF());
        try (Client client = Client.connect(new InetSocketAddress(host, port), key)) {
            Queue<Integer> jobs = client.queue("jobs");
            Connection c = client.connection();
            int sum = 0;
            Integer job;
            while ((job = jobs.poll(Duration.ofSeconds(2))) != null && job >= 0) {
                sum += job;
            }
            c.send("sum=" + sum + " pid=" + ProcessHandle.current().pid());
            c.recv(); // wait for the listener's goodbye
        }
    }
}
