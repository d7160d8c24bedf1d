package dev.ipckit.internal.process;

import dev.ipckit.spi.Transport;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: this JVM's own {@code java} and class path, the options its transport
 * needs, the logging choice it inherits ({@link ChildLogging}), then the user's. Nothing secret: the bootstrap goes on stdin.
 */
final class Launcher {
    /**
     * The child JVM's main class. Named, not referenced: the child side sits above this layer (a child is
     * also a parent), and {@code LauncherTest} checks that the class is there with its {@code main}.
     */
    static final String CHILD_MAIN = "dev.ipckit.internal.child.ChildMain";

    /**
     * The JVM's own log output goes to stderr, never stdout, where frames travel (JDK 25 may print CDS
     * warnings on stdout before {@code main}).
     */
    static final List<String> BASE_OPTIONS = List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-Xshare:auto");

    /** The first JDK that warns about {@code sun.misc.Unsafe} memory access (JEP 471). */
    static final int UNSAFE_WARNING_FEATURE = 23;

    private Launcher() {
    }

    /**
     * @param transport the child's transport
     * @param contextOptions the context's JVM options
     * @param processOptions the process's JVM options
     * @param archive the class-data archive options for this child
     * @return the command line
     */
    static List<String> command(Transport transport, List<String> contextOptions, List<String> processOptions,
                                List<String> archive) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(BASE_OPTIONS);
        if (Runtime.version().feature() >= UNSAFE_WARNING_FEATURE) {
            // Kryo uses sun.misc.Unsafe; JDK 23+ would print a deprecation warning in every child
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(transport.childJvmOptions(Runtime.version().feature()));
        cmd.addAll(ChildLogging.options());
        cmd.addAll(contextOptions);
        cmd.addAll(processOptions);
        cmd.addAll(archive);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(CHILD_MAIN);
        return cmd;
    }

    /**
     * The child's class path: this JVM's class path, then the entries of its module path, if it has one. A
     * parent whose ipckit jars are on the module path ({@code java -p ...}) starts children that load the
     * same jars from their class path, where a module's classes work as they do in any class-path JVM.
     *
     * @return the class path to give a child
     */
    static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        String mp = System.getProperty("jdk.module.path", "");
        if (mp.isEmpty()) {
            return cp;
        }
        return cp.isEmpty() ? mp : cp + File.pathSeparator + mp;
    }
}
