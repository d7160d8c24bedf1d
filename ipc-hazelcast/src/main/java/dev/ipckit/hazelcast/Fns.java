package dev.ipckit.hazelcast;

import dev.ipckit.Fn;
import dev.ipckit.Fn2;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** The shapes of work other than {@link Fn} — callables, runnables, pairs — as functions, so all travel alike. */
final class Fns {
    private Fns() {
    }

    /** Two arguments as one, in a type every serializer carries (a JDK map entry is not). */
    record Pair(Object a, Object b) implements Serializable {
    }

    /** A two-argument function applied to a {@link Pair}. */
    record StarFn(Fn2<Object, Object, Object> fn) implements Fn<Pair, Object> {
        @Override
        public Object apply(Pair p) throws Exception {
            return fn.apply(p.a(), p.b());
        }
    }

    /** A callable as a function. */
    record CallFn(Callable<?> call) implements Fn<Object, Object> {
        @Override
        public Object apply(Object ignored) throws Exception {
            return call.call();
        }
    }

    /** A runnable as a function, returning a fixed value. */
    record RunFn(Runnable run, Object value) implements Fn<Object, Object> {
        @Override
        public Object apply(Object ignored) {
            run.run();
            return value;
        }
    }
}
