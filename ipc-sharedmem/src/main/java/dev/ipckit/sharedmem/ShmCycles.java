package dev.ipckit.sharedmem;

import net.openhft.chronicle.queue.impl.StoreFileListener;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Keeps tmpfs use bounded: remembers the cycle files of a queue as Chronicle opens them, restricts each
 * to its owner, and deletes those a reader has moved past. Once a later cycle exists its writer has
 * rolled over and will not write the older one again, and this side is its only reader; on Linux an
 * unlinked file stays valid for whoever still maps it.
 *
 * <p><b>Thread-safe.</b>
 */
final class ShmCycles implements StoreFileListener {
    private final ConcurrentSkipListMap<Integer, File> files = new ConcurrentSkipListMap<>();
    private final boolean reader;

    /** @param reader whether this side reads the queue, and so deletes what it has read */
    ShmCycles(boolean reader) {
        this.reader = reader;
    }

    @Override
    public void onAcquired(int cycle, File file) {
        ShmDirectory.restrict(file.toPath());
        if (reader) {
            files.put(cycle, file);
        }
    }

    @Override
    public void onReleased(int cycle, File file) {
        // deletion follows the reader's position, not the mapping's release: see consumedBefore
    }

    @Override
    public boolean isActive() {
        return true;
    }

    /**
     * Deletes the files of every cycle before the given one.
     *
     * @param cycle the cycle the reader is in now
     * @return how many files were deleted
     */
    int consumedBefore(int cycle) {
        int n = 0;
        for (Map.Entry<Integer, File> e : files.headMap(cycle).entrySet()) {
            if (e.getValue().delete() || !e.getValue().exists()) {
                files.remove(e.getKey());
                n++;
            }
        }
        return n;
    }
}
