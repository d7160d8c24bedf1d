package dev.ipckit.sharedmem;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pipe;

import java.time.Duration;
import java.util.Arrays;

/**
 * Not a test: measures child start to first message, the median of several runs.
 * {@code java <flags> -cp <jars> dev.ipckit.sharedmem.ShmStartTime [transport] [runs] [jvm options...]}
 */
public final class ShmStartTime {
    private ShmStartTime() {
    }

    /**
     * @param args transport name, runs, extra child JVM options
     */
    public static void main(String[] args) {
        String transport = args.length > 0 ? args[0] : SharedMemTransport.NAME;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String[] options = args.length > 2 ? Arrays.copyOfRange(args, 2, args.length) : new String[0];
        IpcContext ctx = Ipc.context(transport).withJvmOptions(options);
        long[] millis = new long[runs];
        for (int i = -3; i < runs; i++) { // runs -3..-1 warm the parent
            Pipe pipe = ctx.pipe();
            Connection child = pipe.right();
            long t0 = System.nanoTime();
            IpcProcess p = ctx.process(() -> child.send("up")).start();
            pipe.left().recv(Duration.ofSeconds(60));
            long t = (System.nanoTime() - t0) / 1_000_000;
            p.join(Duration.ofSeconds(30));
            if (i >= 0) {
                millis[i] = t;
            }
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.println("transport=" + transport + " runs=" + Arrays.toString(millis) + " median="
                + sorted[runs / 2] + " ms options=" + Arrays.toString(options));
    }
}
