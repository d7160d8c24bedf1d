package dev.ipckit.socket;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * An event-loop thread of this transport: always a daemon, and recognisable, so that a send from any of
 * these threads never waits for room (an event loop must not block).
 */
final class LoopThread extends FastThreadLocalThread {

    private LoopThread(ThreadGroup group, Runnable task, String name) {
        super(group, task, name);
    }

    /** @return whether the calling thread is one of this transport's event loops */
    static boolean current() {
        return Thread.currentThread() instanceof LoopThread;
    }

    /** Makes daemon {@link LoopThread}s named {@code prefix-N-M}. */
    static final class Factory extends DefaultThreadFactory {
        /** @param prefix the thread name prefix */
        Factory(String prefix) {
            super(prefix, true);
        }

        @Override
        protected Thread newThread(Runnable r, String name) {
            return new LoopThread(threadGroup, r, name);
        }
    }
}
