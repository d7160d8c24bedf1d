package dev.ipckit.pipe;

import dev.ipckit.Ipc;
import dev.ipckit.TransportUnavailableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transports are found with ServiceLoader and chosen by name, property, or as the only one. */
class TransportSelectionTest {

    @Test
    void shouldPickTheOnlyTransportOnTheClassPath() {
        assertEquals("pipe", Ipc.context().transport());
    }

    @Test
    void shouldPickByName() {
        assertEquals("pipe", Ipc.context("pipe").transport());
    }

    @Test
    void shouldListWhatWasFoundForAnUnknownName() {
        TransportUnavailableException e = assertThrows(TransportUnavailableException.class,
                () -> Ipc.context("carrier-pigeon"));
        assertTrue(e.getMessage().contains("name=carrier-pigeon"), e.getMessage());
        assertTrue(e.getMessage().contains("found=[pipe]"), e.getMessage());
    }

    @Test
    void shouldHonourTheSystemProperty() {
        String old = System.getProperty("ipckit.transport");
        try {
            System.setProperty("ipckit.transport", "pipe");
            assertEquals("pipe", Ipc.context().transport());
            System.setProperty("ipckit.transport", "nope");
            assertThrows(TransportUnavailableException.class, Ipc::context);
        } finally {
            if (old == null) {
                System.clearProperty("ipckit.transport");
            } else {
                System.setProperty("ipckit.transport", old);
            }
        }
    }
}
