package dev.ipckit.internal;

import dev.ipckit.TransportUnavailableException;
import dev.ipckit.spi.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds transports with {@link ServiceLoader}, each provider loaded on its own so that one broken
 * provider does not hide the others (as SLF4J does with its providers).
 */
public final class Transports {
    /** System property naming the transport when the code does not. */
    public static final String TRANSPORT_PROP = "ipckit.transport";

    private Transports() {
    }

    /** @return every transport on the class path, available or not */
    public static List<Transport> all() {
        List<Transport> found = new ArrayList<>();
        var it = ServiceLoader.load(Transport.class, Transports.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                System.err.println("ipckit: a transport provider failed to load and is skipped: " + e);
            }
        }
        return found;
    }

    /**
     * @param name the transport's name, or null to take the system property or the only one present
     * @return the transport
     * @throws TransportUnavailableException if none fits, listing what was found
     */
    public static Transport find(String name) {
        String wanted = name != null ? name : System.getProperty(TRANSPORT_PROP);
        List<Transport> all = all();
        List<String> names = all.stream().map(Transport::name).toList();
        if (wanted != null) {
            for (Transport t : all) {
                if (t.name().equals(wanted)) {
                    Throwable why = t.unavailabilityCause();
                    if (why != null) {
                        throw new TransportUnavailableException("transport cannot run here, name=" + wanted
                                + ", cause=" + why.getMessage(), why);
                    }
                    return t;
                }
            }
            throw new TransportUnavailableException("unknown transport, name=" + wanted + ", found=" + names
                    + " (add its module, such as dev.ipckit:ipc-" + wanted + ", to the class path)");
        }
        List<Transport> usable = all.stream().filter(Transport::isAvailable).toList();
        if (usable.size() == 1) {
            return usable.get(0);
        }
        if (usable.isEmpty()) {
            throw new TransportUnavailableException("no usable transport on the class path, found=" + names
                    + " (add dev.ipckit:ipc-pipe, ipc-socket or ipc-sharedmem)");
        }
        throw new TransportUnavailableException("several transports on the class path, found=" + names
                + "; choose one with Ipc.context(name) or -D" + TRANSPORT_PROP + "=name");
    }
}
