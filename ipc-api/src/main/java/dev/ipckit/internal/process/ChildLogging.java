package dev.ipckit.internal.process;

import java.util.ArrayList;
import java.util.List;

/**
 * The logging choice a child inherits from its parent. A library in the child (Chronicle, for the sharedmem
 * transport) logs through SLF4J; on a class path with the SLF4J 2 API and no provider — a user's project that
 * chose none — SLF4J would print three "No SLF4J providers were found" lines in every child, each forwarded to
 * the parent's stderr, though the parent (same class path) already printed its own. So the parent decides once,
 * for all its children: SLF4J's properties it was given itself pass on to them, and with no provider on the class
 * path they get SLF4J's no-operation provider, its own report of that kept below warnings.
 *
 * <p>Decided in the parent, not in the child, so that a child's start pays nothing: a resource look-up that
 * misses opens every jar of the class path (measured 4–29 ms as a JVM's first one, ~1 ms after its first
 * {@code ServiceLoader} scan). The child's class path is the parent's ({@link Launcher#classPath()}). The
 * options go before the user's on the command line, so a user's own {@code -Dslf4j.…} wins.
 */
final class ChildLogging {
    /** SLF4J 2's system property naming the provider to use, skipping the service look-up. */
    static final String PROVIDER = "slf4j.provider";
    /** SLF4J 2's system property for the level of its own reports. */
    static final String VERBOSITY = "slf4j.internal.verbosity";
    /** SLF4J 2's no-operation provider, the one it falls back to after the warning. */
    static final String NOP = "org.slf4j.helpers.NOP_FallbackServiceProvider";

    private static volatile List<String> options;

    private ChildLogging() {
    }

    /** @return the {@code -D} options every child of this JVM gets, decided at the first call */
    static List<String> options() {
        List<String> o = options;
        if (o == null) {
            o = optionsFor(ChildLogging.class.getClassLoader());
            options = o;
        }
        return o;
    }

    /**
     * @param loader the class loader of the class path the children get
     * @return the parent's own SLF4J properties when it has any; else the no-operation provider when the class
     *     path has the SLF4J 2 API and no provider; else nothing (no SLF4J, a provider, or SLF4J 1.x, whose
     *     messages are the user's to see)
     */
    static List<String> optionsFor(ClassLoader loader) {
        String provider = System.getProperty(PROVIDER);
        String verbosity = System.getProperty(VERBOSITY);
        if (provider != null || verbosity != null) {
            List<String> own = new ArrayList<>(2);
            if (provider != null) {
                own.add("-D" + PROVIDER + "=" + provider);
            }
            if (verbosity != null) {
                own.add("-D" + VERBOSITY + "=" + verbosity);
            }
            return List.copyOf(own);
        }
        if (loader.getResource("org/slf4j/spi/SLF4JServiceProvider.class") == null
                || loader.getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null) {
            return List.of();
        }
        return List.of("-D" + PROVIDER + "=" + NOP, "-D" + VERBOSITY + "=WARN");
    }
}
