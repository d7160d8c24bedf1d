package dev.ipckit.demos;

import dev.ipckit.demos.seed.ArgsPidsDemo;
import dev.ipckit.demos.seed.ChunksDemo;
import dev.ipckit.demos.seed.ChunksizeDemo;
import dev.ipckit.demos.seed.DaemonDemo;
import dev.ipckit.demos.seed.DontPickleDemo;
import dev.ipckit.demos.seed.DownloadDemo;
import dev.ipckit.demos.seed.IsPrimeDemo;
import dev.ipckit.demos.seed.JoinDemo;
import dev.ipckit.demos.seed.JvmNoGilDemo;
import dev.ipckit.demos.seed.MapOrderDemo;
import dev.ipckit.demos.seed.PoolReuseDemo;
import dev.ipckit.demos.seed.ProcessApiDemo;
import dev.ipckit.demos.seed.ProducerConsumerDemo;
import dev.ipckit.demos.seed.RemoteWorkersDemo;
import dev.ipckit.demos.seed.SharedStateDemo;
import dev.ipckit.demos.seed.SingDanceDemo;
import dev.ipckit.demos.seed.TaskQueueThreadDemo;
import dev.ipckit.demos.seed.ThreadsDemo;
import dev.ipckit.demos.seed.TopLevelDemo;

import java.util.List;

/** Every demo, in tour order: the seeds' order, then where the JVM differs from Python. */
public final class Demos {
    private Demos() {
    }

    /** @return the demos, in the order {@code demo all} runs them */
    public static List<Demo> all() {
        return List.of(
                new ChunksDemo(),
                new SingDanceDemo(), new JoinDemo(), new ArgsPidsDemo(), new DaemonDemo(), new ThreadsDemo(),
                new ProducerConsumerDemo(), new PoolReuseDemo(), new TaskQueueThreadDemo(),
                new DownloadDemo(), new IsPrimeDemo(), new MapOrderDemo(), new ChunksizeDemo(), new DontPickleDemo(),
                new TopLevelDemo(),
                new RemoteWorkersDemo(),
                new ProcessApiDemo(), new SharedStateDemo(),
                new JvmNoGilDemo());
    }
}
