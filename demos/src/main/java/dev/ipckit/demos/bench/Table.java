package dev.ipckit.demos.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The result of one benchmark: rows of typed cells under named columns, printed aligned and written as
 * {@code <name>.csv} and {@code <name>.json}. Numbers keep their full value in the files; the printed
 * table rounds them with the column's format. <b>Not thread-safe.</b>
 */
final class Table {

    /**
     * @param name the header, also the CSV/JSON key
     * @param format how a cell is printed ({@code %,.1f}); strings always print as they are
     */
    record Column(String name, String format) {
        static Column text(String name) {
            return new Column(name, "%s");
        }
    }

    private final String benchmark;
    private final String title;
    private final List<Column> columns;
    private final List<Object[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String benchmark, String title, Column... columns) {
        this.benchmark = benchmark;
        this.title = title;
        this.columns = List.of(columns);
    }

    /** Adds a row; one cell per column, each a {@link Number} or a {@link String}. */
    Table row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("row has the wrong number of cells, cells=" + cells.length
                    + ", columns=" + columns.size());
        }
        rows.add(cells.clone());
        return this;
    }

    /** Adds a line printed under the table and kept in the JSON. */
    Table note(String line) {
        notes.add(line);
        return this;
    }

    void print(PrintStream out) {
        List<String[]> text = new ArrayList<>();
        text.add(columns.stream().map(Column::name).toArray(String[]::new));
        for (Object[] r : rows) {
            String[] t = new String[r.length];
            for (int i = 0; i < r.length; i++) {
                t[i] = r[i] instanceof String s ? s : String.format(Locale.ROOT, columns.get(i).format(), r[i]);
            }
            text.add(t);
        }
        int[] width = new int[columns.size()];
        for (String[] t : text) {
            for (int i = 0; i < t.length; i++) {
                width[i] = Math.max(width[i], t[i].length());
            }
        }
        out.println(title);
        for (int k = 0; k < text.size(); k++) {
            String[] t = text.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < t.length; i++) {
                // the first column (the label) is left-aligned, figures right-aligned
                line.append(i == 0 ? pad(t[i], width[i], false) : " | " + pad(t[i], width[i], true));
            }
            out.println(line);
            if (k == 0) {
                out.println("-".repeat(line.length()));
            }
        }
        notes.forEach(n -> out.println("  " + n));
    }

    /** Writes {@code <benchmark>.csv} and {@code <benchmark>.json} into {@code dir}, creating it. */
    void write(Path dir, RunInfo info) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder();
        csv.append(columns.stream().map(c -> csvCell(c.name())).collect(Collectors.joining(","))).append('\n');
        for (Object[] r : rows) {
            csv.append(Arrays.stream(r).map(c -> csvCell(String.valueOf(c))).collect(Collectors.joining(",")))
                    .append('\n');
        }
        Files.writeString(dir.resolve(benchmark + ".csv"), csv);

        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"benchmark\": ").append(Json.string(benchmark)).append(",\n");
        json.append("  \"title\": ").append(Json.string(title)).append(",\n");
        for (Map.Entry<String, Object> e : info.asMap().entrySet()) {
            json.append("  ").append(Json.string(e.getKey())).append(": ").append(Json.value(e.getValue()))
                    .append(",\n");
        }
        json.append("  \"notes\": [").append(notes.stream().map(Json::string).collect(Collectors.joining(", ")))
                .append("],\n");
        json.append("  \"rows\": [\n");
        for (int k = 0; k < rows.size(); k++) {
            Object[] r = rows.get(k);
            json.append("    {");
            for (int i = 0; i < r.length; i++) {
                json.append(i == 0 ? "" : ", ").append(Json.string(columns.get(i).name())).append(": ")
                        .append(Json.value(r[i]));
            }
            json.append(k == rows.size() - 1 ? "}\n" : "},\n");
        }
        json.append("  ]\n}\n");
        Files.writeString(dir.resolve(benchmark + ".json"), json);
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
