package dev.ipckit.pipe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Passes a stream through once a token has been seen on it; what comes before the token is handed to
 * a consumer as stray output. Used on the child's stdout, where the JVM itself may write before
 * {@code main} runs.
 */
final class TokenSync extends FilterInputStream {
    private final byte[] token;
    private final Consumer<byte[]> before;
    private boolean synced;

    TokenSync(InputStream in, byte[] token, Consumer<byte[]> before) {
        super(in);
        this.token = token;
        this.before = before;
    }

    private void sync() throws IOException {
        if (synced) {
            return;
        }
        synced = true;
        byte[] seen = new byte[1024];
        int n = 0;
        int matched = 0;
        while (matched < token.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            if (b == (token[matched] & 0xff)) {
                matched++;
                continue;
            }
            // not the token: what matched so far was output too (tokens are random, so no partial overlap matters)
            for (int i = 0; i < matched; i++) {
                seen = append(seen, n++, token[i]);
            }
            matched = b == (token[0] & 0xff) ? 1 : 0;
            if (matched == 0) {
                seen = append(seen, n++, (byte) b);
            }
        }
        if (n > 0) {
            before.accept(Arrays.copyOf(seen, n));
        }
    }

    private static byte[] append(byte[] buf, int at, byte b) {
        byte[] out = at == buf.length ? Arrays.copyOf(buf, buf.length * 2) : buf;
        out[at] = b;
        return out;
    }

    @Override
    public int read() throws IOException {
        sync();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        sync();
        return in.read(b, off, len);
    }
}
