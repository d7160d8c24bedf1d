package dev.ipckit.socket;

import dev.ipckit.spi.Frame;
import dev.ipckit.spi.FrameHandler;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what a link delivers, and checks onClosed comes exactly once. */
final class RecordingHandler implements FrameHandler {
    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void onFrame(Frame frame) {
        frames.add(frame);
    }

    @Override
    public void onClosed(Throwable cause) {
        closes.incrementAndGet();
        closed.complete(cause);
    }
}
