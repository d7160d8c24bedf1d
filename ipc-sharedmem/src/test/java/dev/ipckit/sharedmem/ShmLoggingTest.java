package dev.ipckit.sharedmem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's project with the SLF4J API (Chronicle brings it) and no provider: SLF4J's warning appears once, the
 * parent's own, not once more per child. The parent runs in its own JVM on this test's class path minus
 * slf4j-simple, with no SLF4J option (an option of the parent's would pass on to its children and hide what this
 * test looks for); a child's stderr is forwarded into the same output.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShmLoggingTest {

    @Test
    void shouldStartAChildThatPrintsNoSlf4jWarningWhenTheClassPathHasNoProvider() throws Exception {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("slf4j-simple"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(cp.contains("slf4j-api"), "the test needs the SLF4J API on the class path: " + cp);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ShmJvmFlags.forFeature(Runtime.version().feature()));
        cmd.addAll(List.of("-cp", cp, ShmNoLoggerMain.class.getName()));
        Process parent = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(parent.waitFor(60, TimeUnit.SECONDS), "the parent hung: " + out);
            assertTrue(out.contains("hello from the child") && out.contains("exit 0") && out.contains("DONE"), out);
            long warnings = out.lines().filter(l -> l.contains("No SLF4J providers were found")).count();
            assertTrue(warnings <= 1, "the child printed SLF4J's warning too (" + warnings + " in all):\n" + out);
            assertFalse(out.contains("SLF4J(I)"), "SLF4J reported the child's provider:\n" + out);
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
