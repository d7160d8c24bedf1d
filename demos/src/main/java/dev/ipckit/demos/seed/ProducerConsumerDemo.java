package dev.ipckit.demos.seed;

import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Queue;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 002, "队列 Queue 【多进程通讯】": {@code download_from_web} puts data on a queue,
 * {@code analysis_data} takes it off in another process. The seed's program does not work; this port
 * fixes it:
 * <ol>
 *   <li>the processes were created without {@code args=(q,)}, so neither function got the queue — here
 *       each task captures it;</li>
 *   <li>{@code if q.empty(): break} sat outside the {@code while True} loop, so the consumer never
 *       stopped and never printed;</li>
 *   <li>even inside the loop, {@code empty()} is a race: the consumer may look before the producer has
 *       put anything, or between two puts, and stop early — here the producer ends the stream with a
 *       sentinel, the only reliable end-of-data signal;</li>
 *   <li>{@code main} never joined its processes — here it does, and checks their exit codes;</li>
 *   <li>tabs and spaces were mixed, a {@code TabError} in Python 3.</li>
 * </ol>
 */
public final class ProducerConsumerDemo implements Demo {
    /** Ends the stream: the consumer stops when it takes this. */
    static final int DONE = Integer.MIN_VALUE;

    @Override
    public String name() {
        return "002-producer-consumer";
    }

    @Override
    public String summary() {
        return "download_from_web -> Queue -> analysis_data, the seed's bugs fixed";
    }

    /** The producer: "downloads" data into the queue, then marks the end. */
    static void downloadFromWeb(Queue<Integer> q) {
        int[] data = {11, 22, 33, 44};
        for (int item : data) {
            q.put(item);
        }
        q.put(DONE);
        System.out.println("--下载器已经下载完了数据并且存入到队列中-- (the downloader has put all data on the queue)");
    }

    /** The consumer: takes until the end mark, then "analyses" what it got. */
    static void analysisData(Queue<Integer> q) {
        List<Integer> waitingAnalysisData = new ArrayList<>();
        while (true) {
            int item = q.take();
            if (item == DONE) {
                break;
            }
            waitingAnalysisData.add(item);
        }
        System.out.println("analysis_data got: " + waitingAnalysisData);
    }

    @Override
    public void run(IpcContext ctx) {
        Queue<Integer> q = ctx.queue();
        try (IpcProcess consumer = ctx.process(() -> analysisData(q)).name("analysis_data");
             IpcProcess producer = ctx.process(() -> downloadFromWeb(q)).name("download_from_web")) {
            consumer.start();           // started first on purpose: it must wait, not see "empty" and quit
            producer.start();
            producer.join();
            consumer.join();
            System.out.printf("exit codes: download_from_web=%d, analysis_data=%d%n",
                    producer.exitCode().orElseThrow(), consumer.exitCode().orElseThrow());
            System.out.println("Fixed from the seed: the queue is passed to both processes; the consumer stops at a "
                    + "sentinel, not at q.empty() (a race); main joins both.");
        } finally {
            q.close();
        }
    }
}
