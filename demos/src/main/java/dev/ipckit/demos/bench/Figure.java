package dev.ipckit.demos.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measured figure, as {@code --json} writes it (one JSON object per line):
 * {@code {"bench": "rtt", "transport": "pipe", "serializer": "kryo", "payload_bytes": 64,
 * "metric": "rtt_p50_us", "value": 7.9, "unit": "us"}}, plus fields of its own such as {@code chunksize}.
 * A field that does not apply (the transport of an in-process figure) is left out.
 *
 * @param bench the benchmark's name
 * @param transport the transport, or null
 * @param serializer the serializer, or null
 * @param payloadBytes the payload of each message, or null
 * @param metric what was measured, with its unit in the name ({@code rtt_p99_us})
 * @param value the figure
 * @param unit {@code us}, {@code ns}, {@code ms}, {@code s}, {@code msgs/s}, {@code MB/s}, {@code bytes}, {@code %}
 * @param extra more fields, in order ({@code chunksize}, {@code shape}, {@code pool})
 */
public record Figure(String bench, String transport, String serializer, Integer payloadBytes, String metric,
                     double value, String unit, Map<String, Object> extra) {

    /** Copies {@code extra}. */
    public Figure {
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** @return a copy with one more field */
    public Figure with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extra);
        m.put(key, value);
        return new Figure(bench, transport, serializer, payloadBytes, metric, this.value, unit, m);
    }

    /** @return a copy with this serializer */
    public Figure withSerializer(String name) {
        return new Figure(bench, transport, name, payloadBytes, metric, value, unit, extra);
    }

    /** @return the field's value: a named field or one of {@link #extra} */
    public Object field(String key) {
        return switch (key) {
            case "bench" -> bench;
            case "transport" -> transport;
            case "serializer" -> serializer;
            case "payload_bytes" -> payloadBytes;
            case "metric" -> metric;
            case "unit" -> unit;
            default -> extra.get(key);
        };
    }

    /** @return one line of JSON, without the newline */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bench", bench);
        m.put("transport", transport);
        m.put("serializer", serializer);
        m.put("payload_bytes", payloadBytes);
        m.put("metric", metric);
        m.put("value", value);
        m.put("unit", unit);
        m.putAll(extra);
        return m.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> Json.string(e.getKey()) + ": " + Json.value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
