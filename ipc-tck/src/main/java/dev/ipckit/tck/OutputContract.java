package dev.ipckit.tck;

import dev.ipckit.IpcProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A child's stdout and stderr reach the parent's, in order. */
public abstract class OutputContract extends ContractBase {

    @Test
    public void shouldForwardStdoutAndStderrInOrder() {
        try (OutputCapture cap = new OutputCapture()) {
            IpcProcess p = track(ctx().process(() -> {
                for (int i = 0; i < 200; i++) {
                    System.out.println("out line " + i);
                    System.err.println("err line " + i);
                }
                System.out.print("no newline at the end");
            })).start();
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertInOrder(cap.out(), "out line ");
            assertInOrder(cap.err(), "err line ");
            assertTrue(cap.out().contains("no newline at the end"), cap.out());
        }
    }

    @Test
    public void shouldPrefixLinesWithTheChildsName() {
        try (OutputCapture cap = new OutputCapture()) {
            IpcProcess p = track(ctx().withOutputPrefix(true).process(() -> {
                System.out.println("hello");
                System.err.println("oops");
            }).name("singer")).start();
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertTrue(cap.out().contains("[singer] hello"), cap.out());
            assertTrue(cap.err().contains("[singer] oops"), cap.err());
        }
    }

    private static void assertInOrder(String text, String prefix) {
        int at = -1;
        for (int i = 0; i < 200; i++) {
            int next = text.indexOf(prefix + i + "\n", at + 1);
            assertTrue(next > at, prefix + i + " missing or out of order in:\n" + text);
            at = next;
        }
    }
}
