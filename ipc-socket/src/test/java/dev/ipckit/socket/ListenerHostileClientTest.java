package dev.ipckit.socket;

import dev.ipckit.Connection;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.PeerClosedException;
import dev.ipckit.serial.KryoSerializer;
import dev.ipckit.spi.FrameDescriptor;
import dev.ipckit.spi.FrameKind;
import dev.ipckit.tck.OutputCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client of a {@link Listener} that holds the key but not the listener's trust: with a strict serializer
 * the listener must create no class off its list, whatever frame kind carries it. A client runs no task
 * of ours, so it has no business sending a task's error report (an ERROR frame, whose payload is Java
 * serialization outside the user's serializer).
 */
@Timeout(60)
class ListenerHostileClientTest {

    /** Marks itself when deserialized: a stand-in for a gadget. */
    static final class Trap implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean sprung;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            sprung = true;
            in.defaultReadObject();
        }
    }

    @Test
    void shouldNotDeserializeAnErrorReportFromAListenersClient() throws Exception {
        IpcContext ctx = Ipc.context("socket").withSerializer(KryoSerializer.strict(String.class));
        try (OutputCapture cap = new OutputCapture();
             Listener listener = Listener.open(ctx, new InetSocketAddress("127.0.0.1", 0))) {
            try (Socket s = new Socket()) {
                s.connect(listener.address(), 5000);
                s.setSoTimeout(10_000);
                byte[] challenge = s.getInputStream().readNBytes(HandshakeDescriptor.CHALLENGE_MESSAGE_LENGTH);
                byte[] mine = new byte[HandshakeDescriptor.CHALLENGE_LENGTH];
                s.getOutputStream().write(HandshakeDescriptor.answer(listener.authkey(),
                        new byte[HandshakeDescriptor.CHILD_ID_LENGTH], challenge, mine));
                byte[] proof = s.getInputStream().readNBytes(HandshakeDescriptor.PROOF_LENGTH);
                assertTrue(HandshakeDescriptor.sameProof(proof, HandshakeDescriptor.proof(listener.authkey(), mine,
                        new byte[HandshakeDescriptor.CHILD_ID_LENGTH], HandshakeDescriptor.SERVER_ROLE)));
                ByteArrayOutputStream payload = new ByteArrayOutputStream();
                try (ObjectOutputStream out = new ObjectOutputStream(payload)) {
                    out.writeObject(new Trap());
                }
                byte[] frame = new byte[FrameDescriptor.HEADER_LENGTH + payload.size()];
                FrameDescriptor.writeHeader(frame, 0, FrameKind.ERROR, (byte) 0, 0, payload.size());
                System.arraycopy(payload.toByteArray(), 0, frame, FrameDescriptor.HEADER_LENGTH, payload.size());
                s.getOutputStream().write(frame);
                s.getOutputStream().flush();
            } // the client leaves: its end closes after the frames it sent were handled, in order
            Connection c = listener.accept(Duration.ofSeconds(10)).orElseThrow();
            assertThrows(PeerClosedException.class, () -> c.recv(Duration.ofSeconds(10)));
            assertFalse(Trap.sprung, "the listener deserialized a class off its list from a client's frame");
        }
    }
}
