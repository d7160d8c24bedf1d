package dev.ipckit.demos;

import dev.ipckit.Ipc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every demo runs to the end on the pipe transport and shows what it claims to show. */
@Timeout(300)
class DemoTourTest {

    private static String run(Demo demo) throws Exception {
        return run(demo, "pipe");
    }

    private static String run(Demo demo, String transport) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            demo.run(Ipc.context(transport));
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        old.print(out);
        return out;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void singDanceShouldRunSeriallyThenInParallel() throws Exception {
        String out = run(new dev.ipckit.demos.seed.SingDanceDemo());
        assertEquals(6, count(out, "sing ..."), out);
        assertEquals(6, count(out, "dance ..."), out);
        assertTrue(out.contains("exit codes: sing=0, dance=0"), out);
    }

    @Test
    void producerConsumerShouldDeliverEveryItemAndStop() throws Exception {
        String out = run(new dev.ipckit.demos.seed.ProducerConsumerDemo());
        assertTrue(out.contains("analysis_data got: [11, 22, 33, 44]"), out);
        assertTrue(out.contains("exit codes: download_from_web=0, analysis_data=0"), out);
    }

    @Test
    void isPrimeShouldKeepOrderAndAgreeOnEveryPool() throws Exception {
        String out = run(new dev.ipckit.demos.seed.IsPrimeDemo());
        assertTrue(out.indexOf("112272535095293 is prime: True") < out.indexOf("112582705942171 is prime: True"), out);
        assertTrue(out.contains("1099726899285419 is prime: False"), out);
        assertTrue(out.contains("process pool, ") && out.contains("thread pool, "), out);
    }

    @Test
    void remoteWorkersShouldShareTheJobs() throws Exception {
        String out = run(new dev.ipckit.demos.seed.RemoteWorkersDemo());
        assertTrue(out.contains("30 numbers checked, 25 prime"), out);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"socket", "sharedmem"})
    void everyDemoShouldRunOnTheOtherTransports(String transport) throws Exception {
        java.util.Map<String, String> shows = java.util.Map.of(
                "001-sing-dance", "exit codes: sing=0, dance=0",
                "002-producer-consumer", "analysis_data got: [11, 22, 33, 44]",
                "003-is-prime", "1099726899285419 is prime: False",
                "003-remote-workers", "30 numbers checked, 25 prime",
                "004-process-api", "a counter, five processes: 1 1 1 1 1");
        assertEquals(shows.keySet(), Demos.all().stream().map(Demo::name).collect(java.util.stream.Collectors.toSet()),
                "every demo has its expected line here");
        for (Demo d : Demos.all()) {
            String out = run(d, transport);
            assertTrue(out.contains(shows.get(d.name())), d.name() + " on " + transport + ":\n" + out);
        }
    }

    @Test
    void processApiShouldShowThreadsShareAndProcessesDoNot() throws Exception {
        String out = run(new dev.ipckit.demos.seed.ProcessApiDemo());
        assertTrue(out.contains("a counter, five threads:   1 2 3 4 5"), out);
        assertTrue(out.contains("a counter, five processes: 1 1 1 1 1"), out);
        assertTrue(out.contains("exitCode=-15"), out);
        assertEquals(5, count(out, ", parent pid " + ProcessHandle.current().pid()), out);
        assertEquals(9, count(out, "线程正在工作"), out);
    }

    @Test
    void everyDemoShouldBeListedWithAUniqueName() {
        assertEquals(Demos.all().size(), Demos.all().stream().map(Demo::name).distinct().count());
    }
}
