package dev.ipckit.demos.seed;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.demos.Demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000, "Python多线程、多进程编程": 20,000 malware samples to process, so the data list is cut into
 * {@code core = 4} chunks of {@code ceil(len / core)} items and each chunk goes to its own process
 * ({@code kwargs={'data': data}}), which prints its pid and parent pid and spends 0.5 s per item. Fixed
 * from the seed: it never joined its processes, so it could not tell when the batch was done; here the
 * parent joins all four and times the batch.
 */
public final class ChunksDemo implements Demo {
    /** The seed's {@code core = 4}: four processes in parallel. */
    static final int CORE = 4;

    @Override
    public String name() {
        return "000-chunks";
    }

    @Override
    public String summary() {
        return "a data list split into ceil(n/4)-item chunks, one process per chunk (the malware-sample batch)";
    }

    /**
     * The seed's list comprehension {@code [data_list[i:i + mod] for i in range(0, len(data_list), mod)]}.
     *
     * @param data the list
     * @param core how many processes
     * @return chunks of {@code ceil(n / core)} items, the last one shorter
     */
    static <T> List<List<T>> chunks(List<T> data, int core) {
        int mod = (data.size() + core - 1) / core; // math.ceil(len(data_list) / core)
        List<List<T>> groups = new ArrayList<>();
        for (int i = 0; i < data.size(); i += mod) {
            groups.add(List.copyOf(data.subList(i, Math.min(i + mod, data.size()))));
        }
        return groups;
    }

    /** The seed's {@code func(data)}: who am I, then 0.5 s per item (one sample's analysis). */
    static void func(List<Integer> data, long perItemMs) throws InterruptedException {
        System.out.println(data + " 进程PID (pid) " + ProcessHandle.current().pid());
        System.out.println(data + " 进程父进程编号 (parent pid) " + Ipc.parentProcess().orElseThrow().pid());
        for (int ignored : data) {
            Thread.sleep(perItemMs);
        }
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long perItem = new Pace(quick).ms(500);
        List<Integer> dataList = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        List<List<Integer>> groups = chunks(dataList, CORE);
        System.out.println("data_list " + dataList + " in " + CORE + " chunks: " + groups + "; parent pid "
                + ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        List<IpcProcess> processes = new ArrayList<>();
        for (List<Integer> data : groups) {
            processes.add(ctx.process(() -> func(data, perItem)).name("chunk-" + data.get(0)).start());
        }
        for (IpcProcess p : processes) {
            p.join();
            p.close();
        }
        double took = Pace.since(t0);
        System.out.printf("all %d chunks done in %.2f s: the longest chunk (%d items x %.1f s) plus a JVM start;"
                + " one process would take %.1f s%n", groups.size(), took, groups.get(0).size(), perItem / 1e3,
                dataList.size() * perItem / 1e3);
        System.out.println("Fixed from the seed: the parent joins its processes, so it knows when the batch is done.");
    }
}
