package dev.ipckit.spi;

import dev.ipckit.RemoteException;
import dev.ipckit.spi.JavaIo;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;

/**
 * An exception as it crosses between processes: always its class, message and trace text; the
 * original object too when it serializes. So an exception that cannot be serialized still arrives.
 *
 * @param className the exception's class
 * @param message its message
 * @param trace its stack trace as printed
 * @param original the exception serialized, or null
 */
public record ErrorReport(String className, String message, String trace, byte[] original) implements Serializable {

    /**
     * @param t an exception
     * @return its report
     */
    public static ErrorReport of(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        byte[] original;
        try {
            original = JavaIo.serialize("exception", t);
        } catch (RuntimeException e) {
            original = null;
        }
        return new ErrorReport(t.getClass().getName(), t.getMessage(), w.toString(), original);
    }

    /**
     * @param where the process it came from
     * @return the exception to hand to callers
     */
    public RemoteException toException(String where) {
        Throwable cause = null;
        if (original != null) {
            try {
                cause = (Throwable) JavaIo.deserialize("exception", original);
            } catch (RuntimeException e) {
                cause = null;
            }
        }
        return new RemoteException(where, className, message, trace, cause);
    }
}
