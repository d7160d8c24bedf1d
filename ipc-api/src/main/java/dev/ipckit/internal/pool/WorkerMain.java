package dev.ipckit.internal.pool;

import dev.ipckit.Connection;
import dev.ipckit.Fn;
import dev.ipckit.PeerClosedException;
import dev.ipckit.SerializationException;
import dev.ipckit.Task;
import dev.ipckit.spi.ErrorReport;

import java.util.HashMap;
import java.util.Map;

/**
 * What a pool worker runs: its initializer, then chunks of calls until told to stop or its pool is gone.
 * A task that throws fails its chunk and the worker goes on; one that leaves the JVM unreliable (an
 * {@link OutOfMemoryError}, a {@link StackOverflowError}) is reported and the worker exits, to be
 * replaced by a fresh one.
 *
 * @param conn the worker's end of its pipe to the pool
 * @param initializer run once first, or null
 */
record WorkerMain(Connection conn, Task initializer) implements Task {

    @Override
    public void run() throws Exception {
        if (initializer != null) {
            try {
                initializer.run();
            } catch (Throwable t) {
                conn.send(new PoolWire.InitFailed(ErrorReport.of(t)));
                System.exit(1);
            }
        }
        conn.send(new PoolWire.Ready());
        Map<Integer, Fn<Object, Object>> fns = new HashMap<>();
        while (true) {
            Object m;
            try {
                m = conn.recv();
            } catch (PeerClosedException e) {
                return;
            }
            if (m instanceof PoolWire.Stop) {
                return;
            }
            if (m instanceof PoolWire.Batch b) {
                for (PoolWire.Work w : b.works()) {
                    run(w, fns);
                }
            } else {
                run((PoolWire.Work) m, fns);
            }
        }
    }

    private void run(PoolWire.Work w, Map<Integer, Fn<Object, Object>> fns) {
        Fn<Object, Object> fn = w.fn();
        if (fn != null) {
            fns.put(w.fnId(), fn);
        } else {
            fn = fns.get(w.fnId());
        }
        runChunk(w, fn);
    }

    private void runChunk(PoolWire.Work w, Fn<Object, Object> fn) {
        Object[] args = Packed.unpack(w.args());
        Object[] results = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            try {
                results[i] = fn.apply(args[i]);
            } catch (Throwable t) {
                boolean fatal = t instanceof VirtualMachineError;
                conn.send(new PoolWire.Failed(w.chunk(), i, ErrorReport.of(t), fatal));
                if (fatal) {
                    System.exit(1);
                }
                return;
            }
        }
        try {
            conn.send(new PoolWire.Done(w.chunk(), Packed.pack(results)));
        } catch (SerializationException e) {
            conn.send(new PoolWire.Failed(w.chunk(), -1, ErrorReport.of(e), false));
        }
    }
}
