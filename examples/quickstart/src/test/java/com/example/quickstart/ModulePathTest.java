package com.example.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published jars on the module path, as their Automatic-Module-Names promise: a parent JVM started with
 * {@code java -p <ipckit and its dependencies> --add-modules ALL-MODULE-PATH} runs {@link Quickstart} — a
 * child producer and a pool of two — exactly as on the class path.
 */
class ModulePathTest {

    @Test
    @Timeout(120)
    void theQuickstartShouldRunWithIpckitOnTheModulePath() throws Exception {
        List<String> modules = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (Files.isDirectory(Path.of(entry))) {
                if (entry.endsWith("classes") && !entry.endsWith("test-classes")) {
                    classes.add(entry); // the user's own code stays on the class path
                }
            } else if (!name.startsWith("junit") && !name.startsWith("opentest4j") && !name.startsWith("apiguardian")
                    && !name.startsWith("surefire")) {
                modules.add(entry);
            }
        }
        assertTrue(modules.stream().anyMatch(m -> m.contains("ipc-api")), "ipc-api on the module path: " + modules);
        Path out = Files.createTempFile("quickstart-module-path", ".txt");
        try {
            java.lang.Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-p", String.join(File.pathSeparator, modules), "--add-modules", "ALL-MODULE-PATH",
                    "-cp", String.join(File.pathSeparator, classes), Quickstart.class.getName())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly); // only what this test started
                p.destroyForcibly();
                throw new AssertionError("the module-path run did not end in 90 s:\n" + Files.readString(out));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), text);
            assertTrue(text.contains("line 4 from pid "), text);
            assertTrue(text.contains("squares: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"), text);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
