package dev.ipckit.internal;

import java.io.Serializable;

/**
 * What a warm spare child is given when a process starts on it, in an ATTACH frame: who it now is and
 * what it runs. Until then a spare has connected and warmed up, but run no user code.
 *
 * <p>An assignment with no name is a warm-up job: ipckit's own task, run at once, after which the spare
 * waits on.
 *
 * @param name the process's name, or null for a warm-up job
 * @param daemon whether it is a daemon
 * @param task what it runs, Java-serialized
 */
public record Assignment(String name, boolean daemon, byte[] task) implements Serializable {
}
