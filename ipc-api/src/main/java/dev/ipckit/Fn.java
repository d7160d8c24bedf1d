package dev.ipckit;

import java.io.Serializable;

/**
 * A function that can cross to a worker process: what {@link Pool#map} applies. A lambda of this
 * type is serializable; what it captures travels with it.
 *
 * @param <T> the argument
 * @param <R> the result
 */
@FunctionalInterface
public interface Fn<T, R> extends Serializable {

    /**
     * @param t the argument
     * @return the result
     * @throws Exception anything; it reaches the caller as the cause of an
     *     {@link java.util.concurrent.ExecutionException}, with the worker's stack trace
     */
    R apply(T t) throws Exception;
}
