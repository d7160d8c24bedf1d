package dev.ipckit.sharedmem;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One side's pair of Chronicle queues: it appends to the queue towards the peer and tails the one from
 * it. Each queue has exactly one writer process and one reader process.
 *
 * <p><b>Not thread-safe:</b> the link guards the appender with its send lock and gives the tailer to its
 * reader thread alone.
 */
final class ShmQueues {
    /** Queue directory, parent to child. */
    static final String TO_CHILD = "to-child";
    /** Queue directory, child to parent. */
    static final String TO_PARENT = "to-parent";
    /** Smallest mapping chunk: Chronicle's default on Linux. */
    static final long MIN_BLOCK_SIZE = 64L << 20;
    /** Room for Chronicle's header and ours around the largest payload. */
    private static final long EXCERPT_SLACK = 4096;
    private static final long PAGE = 4096;

    final ChronicleQueue in;
    final ChronicleQueue out;
    final ExcerptAppender appender;
    final ExcerptTailer tailer;
    final ShmCycles inCycles;

    private ShmQueues(ChronicleQueue in, ChronicleQueue out, ShmCycles inCycles) {
        this.in = in;
        this.out = out;
        this.inCycles = inCycles;
        this.appender = out.createAppender();
        this.appender.singleThreadedCheckDisabled(true); // senders take the link's lock
        this.tailer = in.createTailer();
    }

    /**
     * Opens (making if needed) both queues of a link directory.
     *
     * @param dir the link directory
     * @param parentSide whether this is the parent's side
     * @param maxFrameSize the largest payload: one excerpt must hold it
     * @return the pair
     */
    static ShmQueues open(Path dir, boolean parentSide, int maxFrameSize) {
        ShmCycles inCycles = new ShmCycles(true);
        ChronicleQueue out = build(dir.resolve(parentSide ? TO_CHILD : TO_PARENT), maxFrameSize, new ShmCycles(false));
        ChronicleQueue in;
        try {
            in = build(dir.resolve(parentSide ? TO_PARENT : TO_CHILD), maxFrameSize, inCycles);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        restrictAll(dir);
        return new ShmQueues(in, out, inCycles);
    }

    private static ChronicleQueue build(Path path, int maxFrameSize, ShmCycles listener) {
        return SingleChronicleQueueBuilder.binary(path)
                .rollCycle(ShmRollCycle.SECONDLY)
                .blockSize(blockSize(maxFrameSize))
                .storeFileListener(listener)
                .checkInterrupts(false) // an interrupted sender still sends, as on the other transports
                .build();
    }

    /**
     * Chronicle lets one excerpt fill a quarter of a mapping chunk; chunks are only address space, and
     * tmpfs allocates only the pages written.
     *
     * @param maxFrameSize the largest payload
     * @return the chunk size
     */
    static long blockSize(int maxFrameSize) {
        long need = 4 * ((long) maxFrameSize + ShmExcerptDescriptor.HEADER_LENGTH + EXCERPT_SLACK);
        return Math.max(MIN_BLOCK_SIZE, (need + PAGE - 1) / PAGE * PAGE);
    }

    private static void restrictAll(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(ShmDirectory::restrict);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the directory's mode keeps others out
        }
    }

    /** Closes the queue this side writes. */
    void closeOut() {
        appender.close();
        out.close();
    }

    /** Closes the queue this side reads; only from the thread that reads it. */
    void closeIn() {
        tailer.close();
        in.close();
    }
}
