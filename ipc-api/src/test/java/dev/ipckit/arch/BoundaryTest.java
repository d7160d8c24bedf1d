package dev.ipckit.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build fails when a module other than ipc-api reaches into {@code dev.ipckit.internal}: transports,
 * the cluster module, the test kit and the demos use the public API and {@code dev.ipckit.spi} only. Reads
 * the sources of the sibling modules of this checkout (main and test code alike).
 */
class BoundaryTest {
    private static final Pattern INTERNAL = Pattern.compile("\\bdev\\.ipckit\\.internal\\b");

    @Test
    void shouldKeepEveryOtherModuleOutOfTheInternalPackages() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> modules;
        try (Stream<Path> s = Files.list(root)) {
            modules = s.filter(p -> Files.isDirectory(p.resolve("src")) && !p.getFileName().toString().equals("ipc-api"))
                    .toList();
        }
        assertTrue(modules.stream().anyMatch(p -> p.getFileName().toString().equals("ipc-sharedmem")),
                "the sibling modules were not found from " + root);
        List<String> offenders = new ArrayList<>();
        for (Path module : modules) {
            try (Stream<Path> files = Files.walk(module.resolve("src"))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                    try {
                        List<String> lines = Files.readAllLines(p);
                        for (int i = 0; i < lines.size(); i++) {
                            if (INTERNAL.matcher(lines.get(i)).find()) {
                                offenders.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        assertEquals(List.of(), offenders, "only ipc-api may use dev.ipckit.internal; move what is needed to"
                + " dev.ipckit.spi or the public API");
    }
}
