package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.demos.Demo;
import dev.ipckit.shared.ProcessEvent;
import dev.ipckit.shared.ProcessLock;
import dev.ipckit.shared.SharedLong;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004 shows that processes do not share a counter (each prints 1). Python's answer is {@code Value} and
 * {@code Lock}; ipckit's is shared memory: a {@link SharedLong} five processes increment (1 2 3 4 5, in
 * whatever order they run), and a {@link ProcessLock} that survives its owner being killed — where Python's
 * lock would leave everyone waiting forever.
 */
public final class SharedStateDemo implements Demo {

    @Override
    public String name() {
        return "004-shared-state";
    }

    @Override
    public String summary() {
        return "seed 004 fixed: a shared counter across processes, and a lock recovered from a killed owner";
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        SharedLong counter = ctx.sharedLong(0);
        List<IpcProcess> ps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ps.add(ctx.process(() -> System.out.println("  counter = " + counter.incrementAndGet())).name("count-" + i)
                    .start());
        }
        System.out.println("Five processes increment one SharedLong (seed 004's processes each printed 1):");
        for (IpcProcess p : ps) {
            p.join();
        }
        System.out.println("  final value seen by the parent: " + counter.get());

        ProcessLock lock = ctx.lock();
        ProcessEvent held = ctx.event();
        IpcProcess owner = ctx.process(() -> {
            lock.lock();
            held.set();
            Thread.sleep(60_000); // killed long before this ends
        }).name("lock-owner").start();
        try {
            if (!held.await(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the child did not take the lock");
            }
            System.out.println("A child (pid " + owner.pid() + ") holds a ProcessLock; the parent kills it with SIGKILL.");
            owner.kill();
            owner.join();
            long t0 = System.nanoTime();
            lock.lock();
            try {
                System.out.printf("  the parent got the lock %.0f ms later; recovered() = %s: the previous owner died"
                        + " holding it%n", (System.nanoTime() - t0) / 1e6, lock.recovered());
            } finally {
                lock.unlock();
            }
        } finally {
            owner.kill();
            owner.join();
        }
    }
}
