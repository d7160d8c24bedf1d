package com.example.quickstart;

import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.IpcProcess;
import dev.ipckit.Pool;
import dev.ipckit.Queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a user writes on day one: a producer in a child JVM feeding the parent through a queue, and a pool
 * squaring numbers on two worker JVMs. {@code QuickstartTest} runs both under surefire, as a user's build would.
 */
public final class Quickstart {

    /** The marker the producer puts last, as Python's examples put {@code None}. */
    static final String DONE = "DONE";

    private Quickstart() {
    }

    /**
     * Starts one producer child that puts {@code count} lines and then {@link #DONE}, and takes them here.
     *
     * @param count how many lines the child produces
     * @return the lines in the order they were taken, without the marker
     */
    public static List<String> produceAndConsume(int count) {
        IpcContext ctx = Ipc.context();
        Queue<String> queue = ctx.queue();
        IpcProcess producer = ctx.process(() -> {
            for (int i = 0; i < count; i++) {
                queue.put("line " + i + " from pid " + ProcessHandle.current().pid());
            }
            queue.put(DONE);
        }).start();
        List<String> lines = new ArrayList<>();
        for (String line = queue.take(); !line.equals(DONE); line = queue.take()) {
            lines.add(line);
        }
        if (!producer.join(Duration.ofSeconds(30))) {
            producer.kill();
            throw new IllegalStateException("the producer did not exit within 30 s");
        }
        return lines;
    }

    /**
     * Squares {@code 0..n-1} on two worker JVMs, in input order.
     *
     * @param n how many numbers
     * @return their squares, in input order
     */
    public static List<Long> squares(int n) {
        List<Long> numbers = IntStream.range(0, n).mapToObj(i -> (long) i).toList();
        try (Pool pool = Ipc.context().pool(2)) {
            return pool.map(x -> x * x, numbers, 10);
        }
    }

    /**
     * Runs both and prints what came back.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        List<String> lines = produceAndConsume(5);
        lines.forEach(System.out::println);
        System.out.println("squares: " + squares(10));
    }
}
