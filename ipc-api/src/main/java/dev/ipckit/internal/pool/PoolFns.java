package dev.ipckit.internal.pool;

import dev.ipckit.Fn;
import dev.ipckit.Fn2;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** The shapes of work other than {@link Fn} — callables, runnables, pairs — as functions, so all travel alike. */
final class PoolFns {
    private PoolFns() {
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

    /** A callable as a function, so it travels like any other. */
    record CallFn(Callable<?> call) implements Fn<Object, Object> {
        @Override
        public Object apply(Object ignored) throws Exception {
            return call.call();
        }
    }

    /** A runnable as a function. */
    record RunFn(Runnable run) implements Fn<Object, Object> {
        @Override
        public Object apply(Object ignored) {
            run.run();
            return null;
        }
    }

}
