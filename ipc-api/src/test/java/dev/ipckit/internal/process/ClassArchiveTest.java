package dev.ipckit.internal.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class-data archive plan: dump once per class path, then map; never for directories or foreign dirs. */
class ClassArchiveTest {
    @TempDir
    Path tmp;
    private Path dir;
    private String jarPath;

    @BeforeEach
    void setUp() throws Exception {
        dir = tmp.resolve("cds");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty(ClassArchive.DIR_PROP, dir.toString());
        Path jar = Files.write(tmp.resolve("app.jar"), new byte[] {1, 2, 3});
        jarPath = jar.toString();
    }

    @AfterEach
    void tearDown() {
        System.clearProperty(ClassArchive.DIR_PROP);
    }

    @Test
    void shouldDumpOnceThenMapTheArchive() throws Exception {
        ClassArchive.Plan first = ClassArchive.plan(jarPath, List.of("-Xmx64m"));
        assertTrue(first.options().get(0).startsWith("-XX:ArchiveClassesAtExit="), first.toString());
        assertEquals(List.of(), ClassArchive.plan(jarPath, List.of("-Xmx64m")).options(),
                "a second child while the first dumps gets no archive option");
        Files.write(first.dumping(), new byte[] {42}); // what the JVM writes at exit
        ClassArchive.childEnded(first);
        assertTrue(Files.isRegularFile(first.target()));
        assertFalse(Files.exists(first.lock()));
        ClassArchive.Plan later = ClassArchive.plan(jarPath, List.of("-Xmx64m"));
        assertEquals(List.of("-XX:SharedArchiveFile=" + first.target(), ClassArchive.QUIET), later.options());
        assertNull(later.dumping());
    }

    @Test
    void shouldKeyArchivesByOptionsAndJarChanges() throws Exception {
        ClassArchive.Plan a = ClassArchive.plan(jarPath, List.of());
        ClassArchive.Plan b = ClassArchive.plan(jarPath, List.of("-Xmx1g"));
        assertFalse(a.target().equals(b.target()));
        ClassArchive.childEnded(a);
        ClassArchive.childEnded(b);
        Files.write(Path.of(jarPath), new byte[] {1, 2, 3, 4});
        assertFalse(ClassArchive.plan(jarPath, List.of()).target().equals(a.target()), "a changed jar gets a new archive");
    }

    @Test
    void shouldSkipClassPathsWithDirectoriesAndUserArchives() {
        assertEquals(ClassArchive.Plan.NONE, ClassArchive.plan(jarPath + File.pathSeparator + tmp, List.of()));
        assertEquals(ClassArchive.Plan.NONE, ClassArchive.plan(jarPath, List.of("-XX:SharedArchiveFile=/x.jsa")));
        assertEquals(ClassArchive.Plan.NONE, ClassArchive.plan(jarPath, List.of("-Xshare:off")));
    }

    @Test
    void shouldRefuseADirectoryOthersCouldWrite() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(ClassArchive.Plan.NONE, ClassArchive.plan(jarPath, List.of()));
    }

    @Test
    void shouldKeepAnArchiveInUseFresh() throws Exception {
        ClassArchive.Plan first = ClassArchive.plan(jarPath, List.of("-Dx=1"));
        Files.write(first.dumping(), new byte[] {42});
        ClassArchive.childEnded(first);
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(0);
        Files.setLastModifiedTime(first.target(), old);
        ClassArchive.plan(jarPath, List.of("-Dx=1"));
        assertTrue(Files.getLastModifiedTime(first.target()).compareTo(old) > 0, "using an archive marks it used");
    }

    @Test
    void shouldDropALockWhoseChildDiedWithoutDumping() {
        ClassArchive.Plan first = ClassArchive.plan(jarPath, List.of());
        ClassArchive.childEnded(first); // killed: nothing dumped
        assertFalse(Files.exists(first.target()));
        assertTrue(ClassArchive.plan(jarPath, List.of()).options().get(0).startsWith("-XX:ArchiveClassesAtExit="),
                "the next child tries again");
    }
}
