package dev.ipckit.serial;

/**
 * A class off every allow-list that records its initialisation in {@link ForySerializerTest#INITIALISED},
 * whichever loader defines it (a top-level class, so a second loader can define a copy of it).
 */
public final class ForyProbe {
    static {
        ForySerializerTest.INITIALISED.add(ForyProbe.class.getClassLoader());
    }

    /** A field, so that the probe has state to write. */
    public final String payload = "probe";
}
