package dev.ipckit.internal.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which SLF4J options a parent gives its children (class paths made of files). */
class ChildLoggingTest {
    private static final String API = "org/slf4j/spi/SLF4JServiceProvider.class";
    @TempDir
    Path dir;
    private String savedProvider;
    private String savedVerbosity;

    @BeforeEach
    void save() {
        savedProvider = System.clearProperty(ChildLogging.PROVIDER);
        savedVerbosity = System.clearProperty(ChildLogging.VERBOSITY);
    }

    @AfterEach
    void restore() {
        set(ChildLogging.PROVIDER, savedProvider);
        set(ChildLogging.VERBOSITY, savedVerbosity);
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private ClassLoader classPath(String... resources) throws IOException {
        for (String r : resources) {
            Path p = dir.resolve(r);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[0]);
        }
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void shouldGiveTheNoOperationProviderWhenTheApiHasNoProvider() throws IOException {
        assertEquals(List.of("-Dslf4j.provider=" + ChildLogging.NOP, "-Dslf4j.internal.verbosity=WARN"),
                ChildLogging.optionsFor(classPath(API)));
    }

    @Test
    void shouldGiveNothingWhenAProviderIsOnTheClassPath() throws IOException {
        assertEquals(List.of(), ChildLogging.optionsFor(classPath(API,
                "META-INF/services/org.slf4j.spi.SLF4JServiceProvider")));
    }

    @Test
    void shouldGiveNothingWithoutSlf4j2OnTheClassPath() throws IOException {
        assertEquals(List.of(), ChildLogging.optionsFor(classPath("org/slf4j/impl/StaticLoggerBinder.class")));
    }

    @Test
    void shouldPassOnTheParentsOwnChoice() throws IOException {
        System.setProperty(ChildLogging.VERBOSITY, "DEBUG");
        assertEquals(List.of("-Dslf4j.internal.verbosity=DEBUG"), ChildLogging.optionsFor(classPath(API)));
    }
}
