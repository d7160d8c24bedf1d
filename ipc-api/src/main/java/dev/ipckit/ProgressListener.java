package dev.ipckit;

/**
 * Told how far a map has come, after each chunk: for a progress bar. Called on the pool's own threads,
 * possibly several at once; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param done items finished so far (successfully or not)
     * @param total items in the map, or -1 while a lazy map's input is not read to its end
     */
    void progress(long done, long total);
}
