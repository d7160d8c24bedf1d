package dev.ipckit;

import java.io.Serializable;

/**
 * A two-argument function that can cross to a worker process: what {@link Pool#starmap} applies.
 *
 * @param <A> the first argument
 * @param <B> the second argument
 * @param <R> the result
 */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {

    /**
     * @param a the first argument
     * @param b the second argument
     * @return the result
     * @throws Exception anything; it reaches the caller with the worker's stack trace
     */
    R apply(A a, B b) throws Exception;
}
