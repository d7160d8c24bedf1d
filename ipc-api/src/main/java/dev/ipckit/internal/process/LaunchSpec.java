package dev.ipckit.internal.process;

import dev.ipckit.Serializer;
import dev.ipckit.WaitStrategy;
import dev.ipckit.spi.JavaIo;
import dev.ipckit.spi.Transport;

import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * How a context's children start: what every child of it shares, so that a warm spare started for one
 * of them can be any of them.
 *
 * @param transport carries the link
 * @param serializer the context's serializer
 * @param contextOptions JVM options of the context
 * @param maxFrameSize the largest frame payload
 * @param prefixOutput whether output lines are prefixed with the child's name
 * @param waitStrategy how the link waits, on both sides
 * @param spares warm spares to keep for this configuration (0: none)
 */
public record LaunchSpec(Transport transport, Serializer serializer, List<String> contextOptions, int maxFrameSize,
                         boolean prefixOutput, WaitStrategy waitStrategy, int spares) {
    /**
     * @return what a spare's JVM depends on: two specs with the same key start the same child (the
     *     serializer and wait strategy compared by their serialized form, as the child receives them)
     */
    String key() {
        return transport.name() + "|" + maxFrameSize + "|" + String.join("\u0000", contextOptions) + "|"
                + serializedForm("serializer", serializer) + "|" + serializedForm("wait strategy", waitStrategy);
    }

    /**
     * Serialized forms by instance: a context and the contexts derived from it share their serializer and
     * wait strategy (both immutable), so a start on a spare does not serialize them again.
     */
    private static final Map<Object, String> FORMS = Collections.synchronizedMap(new WeakHashMap<>());

    private static String serializedForm(String what, Object value) {
        String form = FORMS.get(value);
        if (form == null) {
            form = Base64.getEncoder().encodeToString(JavaIo.serialize(what, value));
            FORMS.put(value, form);
        }
        return form;
    }
}
