package dev.ipckit.demos.bench;

import dev.ipckit.IpcContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code bench} command: the transports to measure (one context each), the scale ({@code --quick}),
 * and where results go: tables as CSV/JSON under {@code --out}, every figure as a line appended to
 * {@code --json}, a PNG per benchmark under {@code --chart}. <b>Not thread-safe.</b>
 */
public final class BenchRun {
    private final List<IpcContext> contexts;
    private final String transportOption;
    private final boolean quick;
    private final Path out;
    private final Path json;
    private final Path chartDir;
    private final List<Figure> figures = new ArrayList<>();

    /**
     * @param contexts one per transport to measure, in order
     * @param transportOption what {@code --transport} said ({@code pipe}, {@code all}), for the reproducing command
     * @param quick fewer iterations: a smoke run
     * @param out the directory for each table's CSV and JSON
     * @param json the file each figure is appended to as a JSON line, or null
     * @param chartDir the directory for PNG charts, or null
     */
    public BenchRun(List<IpcContext> contexts, String transportOption, boolean quick, Path out, Path json,
                    Path chartDir) {
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("a benchmark run needs at least one transport");
        }
        this.contexts = List.copyOf(contexts);
        this.transportOption = transportOption;
        this.quick = quick;
        this.out = out;
        this.json = json;
        this.chartDir = chartDir;
    }

    /** @return one context per transport to measure */
    public List<IpcContext> contexts() {
        return contexts;
    }

    /** @return the first context: for what does not depend on the transport */
    public IpcContext first() {
        return contexts.get(0);
    }

    /** @return whether this is a smoke run */
    public boolean quick() {
        return quick;
    }

    /** @return the directory for tables */
    public Path out() {
        return out;
    }

    /** @return the serializer's name, as {@code --serializer} chose it */
    public String serializer() {
        return first().serializer().name();
    }

    /** @return how the run was started, to print above each table */
    RunInfo info(String benchmark) {
        return RunInfo.of(benchmark, transportOption, serializer(), out, quick);
    }

    /**
     * Records a figure and appends it to the {@code --json} file at once, so that a run cut short keeps
     * what it measured.
     *
     * @param f the figure
     * @throws IOException if the file cannot be written
     */
    public void figure(Figure f) throws IOException {
        figures.add(f);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(json, f.toJson() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** @return every figure recorded so far */
    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /**
     * Draws the benchmark's chart from its figures, if {@code --chart} was given.
     *
     * @param b the benchmark that has just run
     * @return the PNG written, or null
     * @throws IOException if it cannot be written
     */
    public Path chart(Benchmark b) throws IOException {
        ChartSpec spec = b.chart();
        if (chartDir == null || spec == null) {
            return null;
        }
        Path png = chartDir.resolve(b.name() + ".png");
        List<Figure> mine = figures.stream().filter(f -> f.bench().equals(b.name())).toList();
        return Charts.write(spec, mine, png) ? png : null;
    }

    /** @return a figure of {@code bench} on {@code ctx}'s transport and serializer */
    static Figure figure(String bench, IpcContext ctx, Integer payload, String metric, double value, String unit) {
        return new Figure(bench, ctx == null ? null : ctx.transport(), ctx == null ? null : ctx.serializer().name(),
                payload, metric, value, unit, java.util.Map.of());
    }
}
