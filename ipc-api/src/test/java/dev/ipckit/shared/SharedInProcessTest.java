package dev.ipckit.shared;

import dev.ipckit.IpcException;
import dev.ipckit.SerializationException;
import dev.ipckit.internal.autoshare.AutoShare;
import dev.ipckit.serial.JavaSerializer;
import dev.ipckit.serial.KryoSerializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What can be checked inside one JVM: names, bounds, handles through every serializer, sharing rules. */
class SharedInProcessTest {

    @Test
    void shouldRefuseBadNamesSizesAndOffsets() {
        for (String bad : new String[] {"", "a/b", "..", "x y", "é", "a".repeat(101)}) {
            assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(bad, 8), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(0));
        assertThrows(IpcException.class, () -> SharedMemory.attach("no-such-region-" + System.nanoTime()));
        try (SharedMemory m = SharedMemory.create(64)) {
            assertThrows(IndexOutOfBoundsException.class, () -> m.getLong(57));
            assertThrows(IndexOutOfBoundsException.class, () -> m.get(-1));
            assertThrows(IllegalArgumentException.class, () -> m.compareAndSetLong(4, 0, 1), "unaligned atomic");
            m.putDouble(8, 2.5);
            assertEquals(2.5, m.getDouble(8));
            assertTrue(m.compareAndSetLong(16, 0, 7));
            assertEquals(7, m.getAndAddLong(16, 3));
            assertEquals(10, m.getLongVolatile(16));
            assertTrue(m.isOwner());
            m.close();
            assertThrows(IllegalStateException.class, () -> m.getLong(0));
        }
    }

    @Test
    void shouldCrossEverySerializerAsASmallReferenceToTheSameMemory() {
        SharedLong n = SharedLong.create(5);
        SharedLongArray a = SharedLongArray.of(1, 2, 3);
        ProcessLock lock = ProcessLock.create();
        for (var ser : new dev.ipckit.Serializer[] {new KryoSerializer(), new JavaSerializer()}) {
            byte[] bytes = ser.encode(new Object[] {n, a, lock});
            assertTrue(bytes.length < 1024, ser.name() + " sends references, bytes=" + bytes.length);
            Object[] back = (Object[]) ser.decode(bytes);
            ((SharedLong) back[0]).incrementAndGet();
            ((SharedLongArray) back[1]).addAndGet(2, 10);
            assertTrue(((ProcessLock) back[2]).tryLock());
            assertTrue(lock.isLocked(), "the same lock word");
            ((ProcessLock) back[2]).unlock();
        }
        assertEquals(7, n.get());
        assertArrayEquals(new long[] {1, 2, 23}, a.toArray());
    }

    @Test
    void shouldShareOnlyInsideAScopeAndNeverInStrictMode() {
        byte[] big = new byte[2 << 20];
        big[12345] = 42;
        KryoSerializer kryo = new KryoSerializer();
        assertTrue(kryo.encode(big).length > big.length, "outside a scope: inline");
        try (AutoShare scope = new AutoShare(1 << 20); AutoShare.Entered in = AutoShare.enter(scope)) {
            byte[] msg = kryo.encode(new Object[] {big, big});
            assertTrue(msg.length < 512, "a reference, bytes=" + msg.length);
            assertEquals(big.length, scope.bytesShared(), "the same array is shared once");
            Object[] back = (Object[]) kryo.decode(msg);
            assertArrayEquals(big, (byte[]) back[0]);
            KryoSerializer strict = KryoSerializer.strict(new String[0]);
            assertTrue(strict.encode(big).length > big.length, "strict mode never shares");
            byte[] empty = strict.encode(new byte[0]); // [class id][tag 2 = inline, 0 elements]
            assertEquals(2, empty[empty.length - 1]);
            byte[] forged = java.util.Arrays.copyOf(empty, empty.length + 8);
            forged[empty.length - 1] = 1; // tag 1: a shared-memory reference follows
            SerializationException e = assertThrows(SerializationException.class, () -> strict.decode(forged));
            assertTrue(e.getMessage().contains("shared-memory reference"), e.getMessage());
        }
    }

    @Test
    void shouldCarryByteBuffersInline() {
        KryoSerializer kryo = new KryoSerializer();
        ByteBuffer small = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 99);
        ByteBuffer back = (ByteBuffer) kryo.decode(kryo.encode(small));
        assertEquals(99, back.getLong(0));
        ByteBuffer big = ByteBuffer.allocateDirect(3 << 20).order(ByteOrder.nativeOrder());
        big.putLong(8, 77);
        try (AutoShare scope = new AutoShare(1 << 20); AutoShare.Entered in = AutoShare.enter(scope)) {
            ByteBuffer bigBack = (ByteBuffer) kryo.decode(kryo.encode(big));
            assertEquals(0, scope.bytesShared(), "buffers are never shared automatically");
            assertEquals(77, bigBack.order(ByteOrder.nativeOrder()).getLong(8));
        }
    }

    @Test
    void shouldShareFilesAndArraysAndFreeThemOnClose() throws Exception {
        Path f = Files.createTempFile("ipckit-share", ".bin");
        try {
            Files.write(f, new byte[] {1, 2, 3, 4, 5});
            SharedBuffer b = SharedBuffer.of(f);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, b.toByteArray());
            String name = b.regionName();
            b.close();
            assertFalse(dev.ipckit.internal.region.Regions.exists(name));
        } finally {
            Files.delete(f);
        }
        try (SharedBuffer d = SharedBuffer.of(new double[] {1.5, 2.5})) {
            assertEquals(2, d.length());
            assertEquals(2.5, d.asDoubleBuffer().get(1));
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> d.asByteBuffer().put(0, (byte) 1));
        }
    }

    @Test
    void shouldTimeOutAndInterruptWaits() throws Exception {
        ProcessLock lock = ProcessLock.create();
        lock.lock();
        try {
            Thread other = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                } catch (InterruptedException expected) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();
            Thread.sleep(50);
            other.interrupt();
            other.join(5000);
            assertFalse(other.isAlive(), "an interrupt ends the wait");
            assertTrue(lock.isHeldByCurrentThread(), "still held by this thread");
            boolean[] got = new boolean[1];
            Thread timed = new Thread(() -> {
                try {
                    got[0] = lock.tryLock(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            timed.start();
            timed.join(5000);
            assertFalse(timed.isAlive(), "a timed tryLock returns");
            assertFalse(got[0], "times out while held");
            Thread negative = new Thread(() -> {
                try {
                    got[0] = lock.tryLock(-1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            negative.start();
            negative.join(5000);
            assertFalse(negative.isAlive(), "a negative timeout does not wait");
            assertFalse(got[0]);
        } finally {
            lock.unlock();
        }
        ProcessSemaphore sem = ProcessSemaphore.create(0);
        assertFalse(sem.tryAcquire(java.time.Duration.ofMillis(20)));
        sem.release(2);
        assertTrue(sem.tryAcquire() && sem.tryAcquire() && !sem.tryAcquire());
        assertInstanceOf(ProcessCondition.class, lock.newCondition());
    }

    @Test
    void shouldNotBreakATrippedRoundWhenTheBarrierIsResetRightAfter() throws Exception {
        for (int i = 0; i < 20; i++) {
            ProcessBarrier barrier = ProcessBarrier.create(2);
            int[] got = {-1};
            Thread a = new Thread(() -> {
                try {
                    got[0] = barrier.await(java.time.Duration.ofSeconds(10));
                } catch (Exception e) {
                    got[0] = -2;
                }
            });
            a.start();
            while (barrier.numberWaiting() < 1) {
                Thread.onSpinWait();
            }
            assertEquals(1, barrier.await(java.time.Duration.ofSeconds(10)), "the last arrival");
            barrier.reset(); // A may not have looked yet: its round tripped all the same
            a.join(10_000);
            assertEquals(0, got[0], "round " + i + ": the first arrival returns normally");
            assertFalse(barrier.isBroken());
        }
    }

    @Test
    void shouldBreakOnlyTheRoundThatTimedOut() throws Exception {
        ProcessBarrier barrier = ProcessBarrier.create(2);
        assertThrows(dev.ipckit.IpcTimeoutException.class, () -> barrier.await(java.time.Duration.ofMillis(20)));
        assertTrue(barrier.isBroken());
        assertThrows(java.util.concurrent.BrokenBarrierException.class, () -> barrier.await(java.time.Duration.ofSeconds(1)));
        barrier.reset();
        assertFalse(barrier.isBroken());
        Thread other = new Thread(() -> {
            try {
                barrier.await(java.time.Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        other.start();
        barrier.await(java.time.Duration.ofSeconds(10));
        other.join(10_000);
        assertFalse(barrier.isBroken(), "the next round is clean");
    }

    @Test
    void shouldKeepHandlesSmallAndLetOnlyTheCreatorFree() {
        SharedBuffer buf = SharedBuffer.of(new byte[10]);
        Broadcast<String> cast = Broadcast.of("hello", new KryoSerializer());
        ProcessLock lock = ProcessLock.create();
        for (var ser : new dev.ipckit.Serializer[] {new KryoSerializer(), new JavaSerializer()}) {
            for (Object handle : new Object[] {buf, lock, lock.newCondition(), SharedLong.create(1)}) {
                int n = ser.encode(handle).length;
                assertTrue(n <= 256, ser.name() + " " + handle.getClass().getSimpleName() + " handle is " + n + " bytes");
            }
            SharedBuffer copy = (SharedBuffer) ser.decode(ser.encode(buf));
            copy.close(); // a received copy does not free the creator's buffer
            assertTrue(dev.ipckit.internal.region.Regions.exists(buf.regionName()), ser.name());
            @SuppressWarnings("unchecked")
            Broadcast<String> castCopy = (Broadcast<String>) ser.decode(ser.encode(cast));
            assertEquals("hello", castCopy.value());
            castCopy.close();
            assertEquals("hello", cast.value());
        }
        buf.close();
        assertFalse(dev.ipckit.internal.region.Regions.exists(buf.regionName()));
        cast.close();
        assertEquals(0, SharedLongArray.of().length());
    }

    @Test
    void shouldNeverShareAByteBufferAutomatically() {
        KryoSerializer kryo = new KryoSerializer();
        ByteBuffer big = ByteBuffer.allocate(2 << 20).putLong(0, 0x0102030405060708L); // big-endian
        try (AutoShare scope = new AutoShare(1 << 20); AutoShare.Entered in = AutoShare.enter(scope)) {
            ByteBuffer back = (ByteBuffer) kryo.decode(kryo.encode(big));
            assertEquals(0, scope.bytesShared(), "inline");
            assertEquals(ByteOrder.BIG_ENDIAN, back.order());
            assertEquals(0x0102030405060708L, back.getLong(0));
            assertFalse(back.isReadOnly());
        }
    }

    @Test
    void shouldCountAfterAKryoCopyOfAMeter() {
        dev.ipckit.serial.MeteredSerializer meter = new dev.ipckit.serial.MeteredSerializer(new KryoSerializer());
        dev.ipckit.serial.MeteredSerializer copy = (dev.ipckit.serial.MeteredSerializer) new KryoSerializer()
                .decode(new KryoSerializer().encode(meter));
        copy.encode("x");
        assertEquals(1, copy.messages());
        assertEquals(0, meter.messages());
    }

    @Test
    void shouldFreeUnviewedInputAtOnceAndFailReadsAfterwardsWithoutCrashing() {
        SharedBuffer b = SharedBuffer.of(new long[] {1, 2});
        SharedBuffer copy = (SharedBuffer) new KryoSerializer().decode(new KryoSerializer().encode(b));
        assertArrayEquals(new long[] {1, 2}, copy.toLongArray(), "a copy in the same process reads the same pages");
        b.close(); // no view was taken: unmapped now
        assertThrows(IllegalStateException.class, copy::toLongArray);
        SharedBuffer viewed = SharedBuffer.of(new long[] {3});
        java.nio.LongBuffer view = viewed.asLongBuffer();
        viewed.close(); // a view was taken: it stays readable
        assertEquals(3, view.get(0));
    }
}
