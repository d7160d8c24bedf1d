package dev.ipckit.tck;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Signals the JDK has no API for ({@code SIGSTOP}, {@code SIGCONT}), sent with {@code kill(1)} to one pid
 * that the test itself started. Never by name: a test must not touch processes it did not start.
 */
final class Signals {
    private Signals() {
    }

    /** @param pid a process this test started: stops it (it cannot catch or ignore this) */
    static void stop(long pid) {
        send("-STOP", pid);
    }

    /** @param pid a process this test stopped: lets it run again */
    static void resume(long pid) {
        send("-CONT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill " + signal + " " + pid + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + signal + " to " + pid, e);
        }
    }

    /**
     * @param pid a process id
     * @return its state letter from {@code /proc/<pid>/stat} ({@code T} when stopped), or '?' if gone
     */
    static char state(long pid) {
        try {
            String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            return s.charAt(s.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }
}
