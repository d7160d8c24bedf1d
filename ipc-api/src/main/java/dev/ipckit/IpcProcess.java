package dev.ipckit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A child JVM that runs one {@link Task}: Python's {@code multiprocessing.Process}. Made by
 * {@link IpcContext#process(Task)}, configured while {@link ProcessState#NEW NEW}, then started once:
 *
 * <pre>{@code
 * try (IpcProcess p = ctx.process(() -> sing()).name("sing").daemon(true)) {
 *     p.start();
 *     p.join();
 *     System.out.println(p.exitCode());   // OptionalInt[0]
 * }
 * }</pre>
 *
 * <p>Exit codes follow Python: empty while running; 0 when the task returned; N after
 * {@code System.exit(N)}; 1 when the task threw; −15 after {@link #terminate()}, −9 after
 * {@link #kill()} (−N for any signal N). The child reports a clean exit before it ends, so a voluntary
 * {@code System.exit(137)} reads 137, and only a real SIGKILL reads −9.
 *
 * <p>The child's {@code System.out} and {@code System.err} reach this JVM's, in order. A non-daemon child
 * keeps this JVM alive until it ends (as Python joins non-daemon children at exit); a daemon child is
 * terminated when this JVM exits. Whatever happens to this JVM, even SIGKILL, its children exit within
 * a second.
 *
 * <p><b>Thread-safe.</b>
 */
public interface IpcProcess extends AutoCloseable {

    /**
     * @param name the name, shown in output prefixes and errors; default {@code Process-N}
     * @return this
     * @throws IllegalStateException once started
     */
    IpcProcess name(String name);

    /**
     * @param daemon whether the child is terminated when this JVM exits (true) or waited for (false,
     *     the default)
     * @return this
     * @throws IllegalStateException once started
     */
    IpcProcess daemon(boolean daemon);

    /**
     * @param options JVM options for this child, after the context's ({@code -Xmx256m}, {@code -Dk=v})
     * @return this
     * @throws IllegalStateException once started
     */
    IpcProcess jvmOptions(String... options);

    /**
     * @param environment variables added to the inherited environment of the child
     * @return this
     * @throws IllegalStateException once started
     */
    IpcProcess environment(Map<String, String> environment);

    /**
     * @param directory the child's working directory; default this JVM's
     * @return this
     * @throws IllegalStateException once started
     */
    IpcProcess workingDirectory(Path directory);

    /**
     * Starts the child JVM and returns without waiting for it to boot. The task and what it captures are
     * serialized first, so a value that cannot be serialized fails here, before any process starts.
     *
     * @return this
     * @throws IllegalStateException if already started or closed
     * @throws SerializationException if the task cannot be serialized, naming the class
     * @throws IpcException if the JVM cannot be launched
     */
    IpcProcess start();

    /**
     * Waits until the child ends.
     *
     * @throws IllegalStateException if not started
     * @throws IpcException wrapping an interrupt (the interrupt flag is set again)
     */
    void join();

    /**
     * Waits until the child ends or the timeout passes.
     *
     * @param timeout the longest wait
     * @return whether the child has ended
     * @throws IllegalStateException if not started
     */
    boolean join(Duration timeout);

    /** @return whether the child has been started and has not ended */
    boolean isAlive();

    /** Sends SIGTERM: the child runs its shutdown hooks and ends with exit code −15. No-op once ended. */
    void terminate();

    /** Sends SIGKILL: the child ends at once with exit code −9. No-op once ended. */
    void kill();

    /**
     * Releases what the process object holds (streams, threads). The child must have ended.
     *
     * @throws IllegalStateException if the child is still running
     */
    @Override
    void close();

    /** @return its name */
    String name();

    /** @return whether it is a daemon */
    boolean isDaemon();

    /**
     * @return whether the start handed the task to a warm spare child ({@link IpcContext#withWarmSpares}) rather
     *     than starting a JVM for it; false before start
     */
    boolean startedFromSpare();

    /**
     * @return its pid
     * @throws IllegalStateException if not started
     */
    long pid();

    /** @return the exit code in Python's convention, or empty while it runs or before it starts */
    OptionalInt exitCode();

    /** @return the lifecycle state */
    ProcessState state();

    /**
     * @return the exception the task threw, carried back with the child's stack trace, once the child
     *     has ended; empty if it did not throw
     */
    Optional<RemoteException> failure();

    /** @return the last lines (up to 20) the child wrote to stderr, oldest first */
    List<String> stderrTail();

    /** @return completed with this process when the child has ended and its exit code is known */
    CompletableFuture<IpcProcess> onExit();
}
