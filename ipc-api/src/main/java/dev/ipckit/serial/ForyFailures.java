package dev.ipckit.serial;

import dev.ipckit.SerializationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.fory.exception.InsecureException;

/** Turns what Fory throws into the {@link SerializationException} a {@link ForySerializer} caller sees. */
final class ForyFailures {
    /** The class in Fory's refusals: "class X is not registered", "Class X is forbidden ...". */
    private static final Pattern REFUSED_CLASS = Pattern.compile("[Cc]lass ([\\w.$\\[;]+?)[.,]?(?:\\s|$)");

    private ForyFailures() {
    }

    /** @return a refusal naming {@code className}, as {@link KryoSerializer#strict(Class...)} words it */
    static SerializationException refused(String className) {
        return new SerializationException("fory refused class not in the strict allow-list, class=" + className);
    }

    /**
     * Keeps the message of a refusal raised deep inside Fory (it names the class); else describes the failure.
     *
     * @param what what failed, with the value's class or the payload's length
     * @param error what Fory threw
     * @param strict whether the serializer is strict (a refusal is then its allow-list's, else Fory's deny-list's)
     * @return the exception to throw
     */
    static SerializationException failure(String what, Throwable error, boolean strict) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SerializationException refusal) {
                return new SerializationException(refusal.getMessage(), error);
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof InsecureException insecure && insecure.getMessage() != null) {
                Matcher m = REFUSED_CLASS.matcher(insecure.getMessage());
                String name = m.find() ? m.group(1) : "?";
                return new SerializationException((strict ? "fory refused class not in the strict allow-list"
                        : "fory refused class on its deny-list of unsafe classes") + ", class=" + name
                        + ", reason=" + insecure.getMessage(), error);
            }
        }
        return new SerializationException(what + ", reason=" + error, error);
    }
}
