package dev.ipckit.demos;

import dev.ipckit.demos.seed.IsPrimeDemo;
import dev.ipckit.demos.seed.ProcessApiDemo;
import dev.ipckit.demos.seed.ProducerConsumerDemo;
import dev.ipckit.demos.seed.RemoteWorkersDemo;
import dev.ipckit.demos.seed.SingDanceDemo;

import java.util.List;

/** Every demo, in tour order. */
public final class Demos {
    private Demos() {
    }

    /** @return the demos, in the order {@code demo all} runs them */
    public static List<Demo> all() {
        return List.of(new SingDanceDemo(), new ProducerConsumerDemo(), new IsPrimeDemo(), new RemoteWorkersDemo(),
                new ProcessApiDemo());
    }
}
