package dev.ipckit.tck;

import dev.ipckit.IpcException;
import dev.ipckit.IpcProcess;
import dev.ipckit.IpcTimeoutException;
import dev.ipckit.Pool;
import dev.ipckit.PoolOptions;
import dev.ipckit.Task;
import dev.ipckit.serial.KryoSerializer;
import dev.ipckit.serial.MeteredSerializer;
import dev.ipckit.shared.Broadcast;
import dev.ipckit.shared.ProcessBarrier;
import dev.ipckit.shared.ProcessCondition;
import dev.ipckit.shared.ProcessEvent;
import dev.ipckit.shared.ProcessLock;
import dev.ipckit.shared.ProcessSemaphore;
import dev.ipckit.shared.SharedBuffer;
import dev.ipckit.shared.SharedLong;
import dev.ipckit.shared.SharedLongArray;
import dev.ipckit.shared.SharedMemory;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared memory, shared input and synchronization between real processes. */
public abstract class SharedMemoryContract extends ContractBase {
    private static final Duration JOIN = Duration.ofSeconds(60);

    private List<IpcProcess> startAll(int n, java.util.function.IntFunction<Task> task) {
        List<IpcProcess> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(track(ctx().process(task.apply(i)).name("shm-" + i)).start());
        }
        return ps;
    }

    private static void joinAllOk(List<IpcProcess> ps) {
        for (IpcProcess p : ps) {
            assertTrue(p.join(JOIN), "process ended in time: " + p.name());
            assertEquals(0, p.exitCode().orElse(-1), () -> p.name() + " failed: " + p.failure() + " " + p.stderrTail());
        }
    }

    private static Path regionFile(String name) {
        return regionDirectory().resolve(name);
    }

    private static Path regionDirectory() {
        return SharedMemory.directory();
    }

    @Test
    public void shouldCountExactlyUnderALockAcrossFourProcesses() {
        ProcessLock lock = ctx().lock();
        try (SharedMemory mem = ctx().sharedMemory("tck-counter-" + ProcessHandle.current().pid(), 64)) {
            String name = mem.name();
            joinAllOk(startAll(4, i -> () -> {
                SharedMemory m = SharedMemory.attach(name);
                for (int k = 0; k < 100_000; k++) {
                    lock.lock();
                    try {
                        m.putLong(0, m.getLong(0) + 1); // a plain read-modify-write: only the lock makes it exact
                    } finally {
                        lock.unlock();
                    }
                }
                m.close();
            }));
            assertEquals(400_000, mem.getLong(0));
        }
    }

    @Test
    public void shouldCountExactlyWithAnAtomicCounterAndNoLock() {
        SharedLong counter = ctx().sharedLong(0);
        joinAllOk(startAll(4, i -> () -> {
            for (int k = 0; k < 100_000; k++) {
                counter.incrementAndGet();
            }
        }));
        assertEquals(400_000, counter.get());
    }

    @Test
    public void shouldHoldThreeProcessesAtABarrierEachRound() {
        int rounds = 20;
        ProcessBarrier barrier = ctx().barrier(3);
        SharedLongArray arrived = ctx().longArray(rounds);
        SharedLong violations = ctx().sharedLong(0);
        joinAllOk(startAll(3, i -> () -> {
            for (int r = 0; r < rounds; r++) {
                arrived.addAndGet(r, 1);
                barrier.await(Duration.ofSeconds(30));
                if (arrived.get(r) != 3) { // no one passes before all three arrived
                    violations.incrementAndGet();
                }
            }
        }));
        assertEquals(0, violations.get());
        assertEquals(rounds * 3L, java.util.Arrays.stream(arrived.toArray()).sum());
        assertFalse(barrier.isBroken());
    }

    @Test
    public void shouldBreakABarrierWhenAPartyTimesOut() throws Exception {
        ProcessBarrier barrier = ctx().barrier(3);
        IpcProcess waiter = track(ctx().process(() -> {
            try {
                barrier.await(Duration.ofSeconds(30));
                System.exit(3);
            } catch (BrokenBarrierException expected) {
                System.exit(0);
            }
        }).name("shm-barrier-waiter")).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (barrier.numberWaiting() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThrows(IpcTimeoutException.class, () -> barrier.await(Duration.ofMillis(100)));
        assertTrue(waiter.join(JOIN));
        assertEquals(0, waiter.exitCode().orElse(-1), "the other party saw the barrier broken");
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertFalse(barrier.isBroken());
    }

    @Test
    public void shouldWakeAWaiterWhenAnEventIsSet() throws Exception {
        ProcessEvent ready = ctx().event();
        ProcessEvent go = ctx().event();
        SharedLong woke = ctx().sharedLong(0);
        SharedLong setFirst = ctx().sharedLong(0);
        IpcProcess p = track(ctx().process(() -> {
            ready.set();
            if (go.await(Duration.ofSeconds(30))) {
                woke.set(setFirst.get() == 1 ? 1 : 2); // 2 would be a wake-up before the set
            }
        }).name("shm-event")).start();
        assertTrue(ready.await(Duration.ofSeconds(30)), "child started");
        Thread.sleep(200); // the child is parked by now, not spinning
        assertFalse(go.await(Duration.ofMillis(1)));
        assertFalse(go.await(Duration.ofMillis(-5)), "a negative timeout does not wait");
        setFirst.set(1);
        go.set();
        joinAllOk(List.of(p));
        assertEquals(1, woke.get(), "woke, and only after the set");
        assertTrue(go.isSet());
        go.clear();
        assertFalse(go.isSet());
    }

    @Test
    public void shouldRecoverALockWhoseOwnerWasKilled() throws Exception {
        ProcessLock lock = ctx().lock();
        ProcessEvent held = ctx().event();
        IpcProcess owner = track(ctx().process(() -> {
            lock.lock();
            held.set();
            Thread.sleep(600_000);
        }).name("shm-lock-owner")).start();
        assertTrue(held.await(Duration.ofSeconds(30)), "the child took the lock");
        assertEquals(owner.pid(), lock.ownerPid());
        assertFalse(lock.tryLock(), "held by a live process");
        owner.kill();
        assertTrue(owner.join(JOIN));
        assertTrue(lock.tryLock(5, java.util.concurrent.TimeUnit.SECONDS), "taken over from the dead owner");
        try {
            assertTrue(lock.recovered(), "the new owner learns the previous one died");
        } finally {
            lock.unlock();
        }
        lock.lock();
        try {
            assertFalse(lock.recovered(), "an ordinary hold after that");
        } finally {
            lock.unlock();
        }
    }

    @Test
    public void shouldRefuseToLockTwiceAndToUnlockWhatIsNotHeld() {
        ProcessLock lock = ctx().lock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        lock.lock();
        try {
            assertThrows(IllegalStateException.class, lock::lock);
        } finally {
            lock.unlock();
        }
    }

    @Test
    public void shouldPassAConditionBetweenProcesses() throws Exception {
        ProcessLock lock = ctx().lock();
        ProcessCondition changed = lock.newCondition();
        SharedLong value = ctx().sharedLong(0);
        IpcProcess consumer = track(ctx().process(() -> {
            lock.lock();
            try {
                for (long want = 1; want <= 5; want++) {
                    long w = want;
                    while (value.get() < w) {
                        if (!changed.await(Duration.ofSeconds(30))) {
                            System.exit(4); // a signal was lost
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
        }).name("shm-condition")).start();
        for (int i = 1; i <= 5; i++) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (changed.waiting() < 1 && consumer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1); // the consumer waits on the condition before each change: a lost signal would hang it
            }
            assertEquals(1, changed.waiting(), "the consumer waits in another process");
            lock.lock();
            try {
                value.set(i);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        joinAllOk(List.of(consumer));
        lock.lock();
        try {
            assertFalse(changed.await(Duration.ofMillis(20)), "no signal: times out");
        } finally {
            lock.unlock();
        }
    }

    @Test
    public void shouldLetOnlyThePermittedNumberIn() {
        ProcessSemaphore sem = ctx().semaphore(2);
        SharedLong inside = ctx().sharedLong(0);
        SharedLong most = ctx().sharedLong(0);
        joinAllOk(startAll(4, i -> () -> {
            for (int k = 0; k < 200; k++) {
                sem.acquire();
                try {
                    long now = inside.incrementAndGet();
                    long m;
                    while ((m = most.get()) < now && !most.compareAndSet(m, now)) {
                        Thread.onSpinWait();
                    }
                    for (int spin = 0; spin < 2_000; spin++) {
                        Thread.onSpinWait(); // stay inside a while, so that a third one would be seen
                    }
                    inside.decrementAndGet();
                } finally {
                    sem.release();
                }
            }
        }));
        assertTrue(most.get() <= 2, "at most 2 inside, saw " + most.get());
        assertEquals(2, sem.availablePermits());
    }

    @Test
    public void shouldShare200MegabytesWithTwoWorkersSendingOnlyAHandle() {
        byte[] input = new byte[200 << 20];
        for (int i = 0; i < input.length; i += 4096) {
            input[i] = (byte) (i >>> 12);
        }
        long want = 0;
        for (byte b : input) {
            want += b;
        }
        MeteredSerializer meter = new MeteredSerializer(new KryoSerializer());
        try (SharedBuffer data = ctx().share(input);
             Pool pool = ctx().withSerializer(meter).pool(2)) {
            pool.map(x -> x, List.of(0, 1), 1); // workers up: what follows is the tasks' own traffic
            meter.reset();
            List<Long> halves = pool.map(half -> {
                ByteBuffer all = data.asByteBuffer();
                int from = half * (all.limit() / 2);
                int to = half == 0 ? all.limit() / 2 : all.limit();
                long s = 0;
                for (int i = from; i < to; i++) {
                    s += all.get(i);
                }
                return s;
            }, List.of(0, 1), 1);
            assertEquals(want, halves.get(0) + halves.get(1));
            assertTrue(meter.largest() <= 1024,
                    "each task message is small, largest=" + meter.largest());
        }
    }

    @Test
    public void shouldShareLargeArgumentsAutomaticallyAndFreeThem() throws Exception {
        long[] big = new long[1 << 20]; // 8 MiB, above the 1 MiB default
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        long want = (long) big.length * (big.length - 1) / 2;
        long before = countOwnedBy(ProcessHandle.current().pid());
        MeteredSerializer meter = new MeteredSerializer(new KryoSerializer());
        try (Pool pool = ctx().withSerializer(meter).pool(1)) {
            pool.map(x -> x, List.of(0), 1);
            meter.reset();
            assertEquals(List.of(want, want), pool.map(a -> java.util.Arrays.stream(a).sum(), List.of(big, big.clone()), 1));
            assertTrue(meter.largest() <= 1024, "shared, not serialized: largest=" + meter.largest());
            assertEquals(before, countOwnedBy(ProcessHandle.current().pid()), "what was shared for a task is freed when it is done");
        }
        meter.reset();
        try (Pool pool = ctx().withSerializer(meter)
                .pool(PoolOptions.defaults().withWorkers(1).withShareThreshold(0))) {
            assertEquals(List.of(want), pool.map(a -> java.util.Arrays.stream(a).sum(), List.of(big), 1));
            assertTrue(meter.largest() > big.length, "sharing off: by value, largest=" + meter.largest());
        }
    }

    @Test
    public void shouldDecodeABroadcastOncePerWorker() {
        Map<String, Integer> dict = new java.util.HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            dict.put("w" + i, i);
        }
        MeteredSerializer meter = new MeteredSerializer(new KryoSerializer());
        try (Broadcast<Map<String, Integer>> shared = ctx().broadcast(dict);
             Pool pool = ctx().withSerializer(meter).pool(2)) {
            pool.map(x -> x, List.of(0, 1), 1);
            meter.reset();
            List<Integer> identities = pool.map(w -> System.identityHashCode(shared.value()) + 0 * shared.value().get(w),
                    List.of("w1", "w2", "w3", "w4", "w5", "w6"), 1);
            assertTrue(meter.largest() <= 1024, "a reference per task, largest=" + meter.largest());
            assertTrue(identities.stream().distinct().count() <= 2, "one decoded copy per worker: " + identities);
            assertEquals(Integer.valueOf(777), pool.submit((java.util.concurrent.Callable<Integer> & java.io.Serializable) () -> shared.value().get("w777")).get());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void shouldWorkAbove2GiBAcrossProcesses() {
        long size = (3L << 30) + 12345;
        try (SharedMemory mem = ctx().sharedMemory("tck-big-" + ProcessHandle.current().pid(), size)) {
            // longs straddling the 1 GiB mapping edge (the header is 4 KiB) and beyond 2 GiB; bytes across the 2 GiB edge
            long[] offsets = {0, (1L << 30) - 4096 - 3, (2L << 30) + 100_003, size - 8};
            long acrossAt = (2L << 30) - 4096 - 50_000;
            for (long off : offsets) {
                mem.putLong(off, off * 31 + 7);
            }
            byte[] across = new byte[100_000];
            java.util.Arrays.fill(across, (byte) 9);
            mem.put(acrossAt, across, 0, across.length);
            String name = mem.name();
            joinAllOk(startAll(1, i -> () -> {
                try (SharedMemory m = SharedMemory.attach(name)) {
                    for (long off : offsets) {
                        if (m.getLong(off) != off * 31 + 7) {
                            System.exit(5);
                        }
                    }
                    byte[] back = new byte[100_000];
                    m.get(acrossAt, back, 0, back.length);
                    ByteBuffer view = m.slice(acrossAt, 100_000);
                    for (int k = 0; k < back.length; k++) {
                        if (back[k] != 9 || view.get(k) != 9) {
                            System.exit(6);
                        }
                    }
                    m.putLong(size - 16, 42);
                }
            }));
            assertEquals(42, mem.getLong(size - 16));
            assertEquals(size, mem.size());
            assertThrows(IndexOutOfBoundsException.class, () -> mem.getLong(size - 4));
        }
    }

    @Test
    public void shouldLeaveNoRegionAfterCloseOrAKilledCreator() throws Exception {
        String name = "tck-leak-" + ProcessHandle.current().pid();
        SharedMemory mine = ctx().sharedMemory(name, 4096);
        assertTrue(Files.exists(regionFile(name)));
        assertThrows(IpcException.class, () -> ctx().sharedMemory(name, 16), "a taken name");
        mine.close();
        assertFalse(Files.exists(regionFile(name)), "the creator's close removes it");
        assertThrows(IpcException.class, () -> SharedMemory.attach(name));

        ProcessEvent made = ctx().event();
        String childName = name + "-child";
        IpcProcess creator = track(ctx().process(() -> {
            SharedMemory.create(childName, 1 << 20).putLong(0, 1);
            ProcessLock.create(); // and an arena region
            made.set();
            Thread.sleep(600_000);
        }).name("shm-creator")).start();
        assertTrue(made.await(Duration.ofSeconds(30)));
        assertTrue(Files.exists(regionFile(childName)));
        long childRegions = countOwnedBy(creator.pid());
        assertTrue(childRegions >= 2, "the child's regions exist: " + childRegions);
        creator.kill();
        assertTrue(creator.join(JOIN));
        assertEquals(0, countOwnedBy(creator.pid()), "a killed creator's regions are swept");
        assertFalse(Files.exists(regionFile(childName)));
    }

    /**
     * @return the regions in the directory created by {@code pid}; 0 when there is no directory: any ipckit JVM of
     *     this user that exits removes it when it is empty (a child of an earlier test, say), and it is made again
     *     with the next region
     */
    private static long countOwnedBy(long pid) throws Exception {
        Path dir = regionDirectory();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> {
                try (var ch = java.nio.channels.FileChannel.open(f)) {
                    ByteBuffer b = ByteBuffer.allocate(16).order(java.nio.ByteOrder.nativeOrder());
                    ch.read(b, 0);
                    return b.getLong(8) == pid;
                } catch (Exception e) {
                    return false;
                }
            }).count();
        } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
            return 0;
        }
    }
}
