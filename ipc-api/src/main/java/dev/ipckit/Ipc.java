package dev.ipckit;

import dev.ipckit.internal.process.LocalRuntime;
import dev.ipckit.internal.Transports;
import dev.ipckit.internal.child.ChildRuntime;
import dev.ipckit.internal.metrics.Meters;
import dev.ipckit.internal.pool.PoolCore;
import dev.ipckit.metrics.IpcMetrics;

import java.util.List;
import java.util.Optional;

/**
 * The entry point: contexts, and who this process is. Python's {@code multiprocessing} module functions.
 *
 * <pre>{@code
 * IpcContext ctx = Ipc.context();                 // the transport on the class path
 * Queue<String> q = ctx.queue();
 * IpcProcess p = ctx.process(() -> q.put("hello from " + Ipc.currentProcess().name())).start();
 * System.out.println(q.take());
 * p.join();
 * }</pre>
 */
public final class Ipc {
    private Ipc() {
    }

    /**
     * @return a context on the transport named by {@code -Dipckit.transport}, else the only one on the
     *     class path
     * @throws TransportUnavailableException if there is none, or several and none is named
     */
    public static IpcContext context() {
        return new IpcContext(Transports.find(null));
    }

    /**
     * @param transport a transport's name: {@code pipe}, {@code socket}, {@code sharedmem}
     * @return a context on it
     * @throws TransportUnavailableException if it is not on the class path or cannot run here
     */
    public static IpcContext context(String transport) {
        return new IpcContext(Transports.find(transport));
    }

    /** @return this process: {@code MainProcess} unless ipckit started it */
    public static ProcessInfo currentProcess() {
        return LocalRuntime.self();
    }

    /**
     * This JVM's authentication key: 32 random bytes made when it started, with which it and its children
     * prove to each other who they talk to; never written to a command line, an environment or a file.
     * Python's {@code current_process().authkey}. A socket {@code Listener} takes a key of its own choosing.
     *
     * @return a copy of the key
     */
    public static byte[] authkey() {
        return LocalRuntime.get().authkey();
    }

    /** @return the process that started this one, if ipckit did */
    public static Optional<ProcessInfo> parentProcess() {
        ChildRuntime rt = ChildRuntime.orNull();
        return rt == null ? Optional.empty() : Optional.of(rt.parent());
    }

    /**
     * A pool of threads with the same API as a process pool: Python's {@code ThreadPool}
     * ({@code multiprocessing.dummy}). Switch between threads and processes by changing this one call
     * to {@code ctx.pool(n)}. Nothing is serialized; on the JVM, threads run CPU-bound work in parallel
     * too (there is no GIL), so a process pool buys isolation, not parallelism.
     *
     * @param threads how many threads
     * @return the pool
     */
    public static Pool threadPool(int threads) {
        return threadPool(PoolOptions.defaults().withWorkers(threads));
    }

    /**
     * @param options how the pool runs (JVM options do not apply)
     * @return a pool of threads
     */
    public static Pool threadPool(PoolOptions options) {
        return new PoolCore(options);
    }

    /**
     * @return what this JVM's links, queues and pools have done: frames and bytes each way, queue depths,
     *     tasks in flight, task times, worker starts and deaths, back-pressure waits (see {@link IpcMetrics})
     */
    public static IpcMetrics metrics() {
        return Meters.get();
    }

    /** @return the children this process started that are still alive */
    public static List<IpcProcess> activeChildren() {
        return LocalRuntime.get().activeChildren();
    }
}
