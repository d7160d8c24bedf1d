package dev.ipckit.demos.bench;

import java.util.function.Function;

/**
 * What a benchmark's chart shows: grouped bars of one metric, a group per category (a payload, a chunk
 * size) and a bar per series (a transport), each bar the figure of that category and series.
 *
 * @param title the chart's title
 * @param metrics the {@link Figure#metric()}s plotted
 * @param yAxis the y axis title, with its unit
 * @param category the group a figure belongs to, such as "64 B"
 * @param series the bar within the group, such as "pipe"
 * @param logY whether the y axis is logarithmic (for figures that span decades)
 */
public record ChartSpec(String title, java.util.List<String> metrics, String yAxis, Function<Figure, String> category,
                        Function<Figure, String> series, boolean logY) {

    /** @return a chart of one metric */
    public static ChartSpec of(String title, String metric, String yAxis, Function<Figure, String> category,
                               Function<Figure, String> series, boolean logY) {
        return new ChartSpec(title, java.util.List.of(metric), yAxis, category, series, logY);
    }
}
