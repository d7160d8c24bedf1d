package dev.ipckit.internal.child;

/**
 * Keeps a child quiet about logging the parent does not have either. A library in the child (Chronicle, for
 * the sharedmem transport) logs through SLF4J; on a class path with the SLF4J API and no provider — a user's
 * project that chose none — SLF4J prints three "No SLF4J providers were found" lines in every child, each
 * forwarded to the parent's stderr. The parent, on the same class path, already printed its own. So the child
 * chooses SLF4J's no-operation provider itself, and SLF4J's own report of that choice is kept below warnings.
 *
 * <p>Looks up resources only (no class is loaded, nothing is scanned), so a start pays nothing measurable, and
 * does nothing when a provider is on the class path, when the user set either property (for example with
 * {@code IpcContext.withJvmOptions}), or when the class path has a 1.x SLF4J (whose messages are the user's
 * to see).
 */
final class ChildLogging {
    /** SLF4J 2's system property naming the provider to use, skipping the service look-up. */
    static final String PROVIDER = "slf4j.provider";
    /** SLF4J 2's system property for the level of its own reports. */
    static final String VERBOSITY = "slf4j.internal.verbosity";
    /** SLF4J 2's no-operation provider, the one it falls back to after the warning. */
    static final String NOP = "org.slf4j.helpers.NOP_FallbackServiceProvider";

    private ChildLogging() {
    }

    /**
     * @param loader the class loader the child's libraries use
     * @return whether the no-operation provider was chosen
     */
    static boolean silenceIfNoProvider(ClassLoader loader) {
        if (System.getProperty(PROVIDER) != null || System.getProperty(VERBOSITY) != null
                || loader.getResource("org/slf4j/spi/SLF4JServiceProvider.class") == null
                || loader.getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null) {
            return false;
        }
        System.setProperty(PROVIDER, NOP);
        System.setProperty(VERBOSITY, "WARN");
        return true;
    }
}
