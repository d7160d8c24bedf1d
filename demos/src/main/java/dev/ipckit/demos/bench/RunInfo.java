package dev.ipckit.demos.bench;

import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how a benchmark ran: the command that reproduces it, the JVM, the cores, the load. Printed
 * above each table and stored in each JSON file, so a figure never travels without its machine.
 *
 * @param command the command line that runs this benchmark alone with the same options
 * @param javaVersion {@code java.runtime.version}
 * @param vm the VM's name and vendor
 * @param cores the processors this JVM may use
 * @param os the OS name, version and architecture
 * @param loadAverage the one-minute load average at the start, or -1 if unknown
 * @param started when the benchmark started
 * @param quick whether this is a smoke run
 */
record RunInfo(String command, String javaVersion, String vm, int cores, String os, double loadAverage,
               Instant started, boolean quick) {

    static RunInfo of(String benchmark, String transport, String serializer, Path out, boolean quick) {
        return new RunInfo(command(benchmark, transport, serializer, out, quick), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ")",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), quick);
    }

    void print(PrintStream out, String name, String summary) {
        out.println();
        out.println("=== bench " + name + ": " + summary);
        out.println("command: " + command);
        out.printf("java %s, %s; %d cores; %s; load %.2f; %s%s%n", javaVersion, vm, cores, os, loadAverage, started,
                quick ? "; QUICK run: smoke figures, not to be quoted" : "");
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("java_version", javaVersion);
        m.put("vm", vm);
        m.put("cores", cores);
        m.put("os", os);
        m.put("load_average_1m", loadAverage);
        m.put("started_utc", started.toString());
        m.put("quick", quick);
        return m;
    }

    private static String command(String benchmark, String transport, String serializer, Path out, boolean quick) {
        String cp = System.getProperty("java.class.path");
        String props = ShmProps.options().stream().map(o -> o + " ").collect(java.util.stream.Collectors.joining());
        String launch = cp.endsWith(".jar") && !cp.contains(File.pathSeparator)
                ? "java " + props + "-jar " + relative(cp)
                : "java " + props + "-cp " + cp + " dev.ipckit.demos.Main";
        return launch + " bench " + benchmark + " --transport " + transport + " --serializer " + serializer
                + " --out " + out + (quick ? " --quick" : "");
    }

    private static String relative(String jar) {
        Path p = Path.of(jar).toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return p.startsWith(here) ? here.relativize(p).toString() : p.toString();
    }
}
