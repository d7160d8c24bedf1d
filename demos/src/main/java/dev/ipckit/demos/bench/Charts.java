package dev.ipckit.demos.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Draws a {@link ChartSpec} from figures into a PNG, headless, with XChart. */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private Charts() {
    }

    /**
     * @param spec what to draw
     * @param figures the benchmark's figures; those of other metrics are ignored
     * @param png the file to write
     * @return whether a chart was written (false when no figure has the metric)
     * @throws IOException if the file cannot be written
     */
    static boolean write(ChartSpec spec, List<Figure> figures, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Set<String> categories = new LinkedHashSet<>();
        Map<String, Map<String, Double>> bySeries = new LinkedHashMap<>();
        for (Figure f : figures) {
            if (spec.metrics().contains(f.metric())) {
                String c = spec.category().apply(f);
                categories.add(c);
                bySeries.computeIfAbsent(spec.series().apply(f), s -> new LinkedHashMap<>()).put(c, f.value());
            }
        }
        if (bySeries.isEmpty()) {
            return false;
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(spec.title())
                .xAxisTitle("").yAxisTitle(spec.yAxis()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        if (spec.logY()) {
            // XChart's bars start at 0, which a log axis cannot show: start at the decade below the smallest bar
            double min = bySeries.values().stream().flatMap(m -> m.values().stream()).filter(v -> v > 0)
                    .mapToDouble(Double::doubleValue).min().orElse(1);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
        }
        chart.getStyler().setLabelsVisible(false);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        List<String> xs = new ArrayList<>(categories);
        for (Map.Entry<String, Map<String, Double>> s : bySeries.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String x : xs) {
                ys.add(s.getValue().get(x)); // null: no bar for this series in that group
            }
            chart.addSeries(s.getKey(), xs, ys);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }
}
