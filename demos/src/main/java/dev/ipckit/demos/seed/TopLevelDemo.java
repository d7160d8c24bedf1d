package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pool;
import dev.ipckit.SerializationException;
import dev.ipckit.demos.Demo;

import java.util.List;

/**
 * Seed 003, "常见问题": in Python "the function needs to be defined at the top-level, nested functions won't
 * be importable by the child and already trying to pickle them raises an exception". On the JVM a lambda
 * typed as {@code Fn} or {@code Task} is serializable, so a nested function, even one that captures local
 * values, travels to the worker. What it captures is copied there (with the context's serializer for a pool
 * function; Kryo, the default, takes any class), so a worker never changes the caller's objects; a process
 * task's captures go through Java serialization, and one that is not {@code Serializable} fails at once,
 * in the caller, naming the class.
 */
public final class TopLevelDemo implements Demo {

    @Override
    public String name() {
        return "003-top-level";
    }

    @Override
    public String summary() {
        return "Python's top-level-function rule, and why serializable lambdas lift it";
    }

    /** A "top-level" function: a static method. */
    static int square(int x) {
        return x * x;
    }

    /** Something a lambda might capture that cannot be serialized. */
    static final class Counter {
        int calls;
    }

    private static String describe(IpcContext ctx, List<Integer> back) {
        return back + " (" + ctx.serializer().name() + " sends any class; Java serialization would refuse it)";
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        List<Integer> xs = List.of(1, 2, 3, 4);
        try (Pool pool = ctx.pool(2)) {
            System.out.println("top-level function (a static method reference):  " + pool.map(TopLevelDemo::square, xs, 1));
            int offset = 100; // a local value: Python's nested function would close over it and fail to pickle
            System.out.println("nested lambda capturing a local (offset = 100):   " + pool.map(x -> x * x + offset, xs, 1));
            Counter counter = new Counter();
            List<Integer> back = pool.map(x -> {
                counter.calls++;
                return counter.calls;
            }, xs, 4);
            System.out.println("lambda capturing a Counter (not Serializable):   " + describe(ctx, back)
                    + "; the caller's counter.calls is still " + counter.calls + ": each worker changed its own copy");
        }
        Counter counter = new Counter();
        try (IpcProcess p = ctx.process(() -> counter.calls++)) {
            p.start();
            throw new IllegalStateException("a task capturing a non-serializable value was started");
        } catch (SerializationException expected) {
            System.out.println("a process task capturing the Counter: refused by start(), in the caller, before any"
                    + " JVM starts: " + expected.getMessage());
        }
        System.out.println("Any Fn/Task lambda can be sent, nested or not. What it captures is copied: a task's"
                + " captures must be Serializable, or start() fails at once (never a worker later); a worker changes"
                + " its own copy, never the caller's.");
    }
}
