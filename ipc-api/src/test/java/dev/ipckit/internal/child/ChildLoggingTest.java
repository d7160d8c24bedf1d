package dev.ipckit.internal.child;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a child chooses SLF4J's no-operation provider, and when it leaves SLF4J alone (class paths made of files). */
class ChildLoggingTest {
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
    void shouldChooseTheNoOperationProviderWhenTheApiHasNoProvider() throws IOException {
        assertTrue(ChildLogging.silenceIfNoProvider(classPath("org/slf4j/spi/SLF4JServiceProvider.class")));
        assertEquals(ChildLogging.NOP, System.getProperty(ChildLogging.PROVIDER));
        assertEquals("WARN", System.getProperty(ChildLogging.VERBOSITY));
    }

    @Test
    void shouldLeaveSlf4jAloneWhenAProviderIsOnTheClassPath() throws IOException {
        assertFalse(ChildLogging.silenceIfNoProvider(classPath("org/slf4j/spi/SLF4JServiceProvider.class",
                "META-INF/services/org.slf4j.spi.SLF4JServiceProvider")));
        assertNull(System.getProperty(ChildLogging.PROVIDER));
    }

    @Test
    void shouldDoNothingWithoutSlf4j2OnTheClassPath() throws IOException {
        assertFalse(ChildLogging.silenceIfNoProvider(classPath("org/slf4j/impl/StaticLoggerBinder.class")));
        assertNull(System.getProperty(ChildLogging.PROVIDER));
        assertNull(System.getProperty(ChildLogging.VERBOSITY));
    }

    @Test
    void shouldKeepTheUsersOwnChoice() throws IOException {
        System.setProperty(ChildLogging.VERBOSITY, "DEBUG");
        assertFalse(ChildLogging.silenceIfNoProvider(classPath("org/slf4j/spi/SLF4JServiceProvider.class")));
        assertNull(System.getProperty(ChildLogging.PROVIDER));
        assertEquals("DEBUG", System.getProperty(ChildLogging.VERBOSITY));
    }
}
