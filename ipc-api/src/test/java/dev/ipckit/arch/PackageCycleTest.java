package dev.ipckit.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build fails when the packages of ipc-api depend on each other in a loop. The arrows run one way
 * (ARCHITECTURE.md): the facade ({@code Ipc}, {@code IpcContext}, which build everything and are the one
 * allowed exception) → pool → child → process → pipe, queue → internal leaves → wire ({@code spi}) → the
 * public types; serial → autoshare → shared → region. Reads the main
 * sources: a class's imports and the fully written names in its code (comments and string literals are not
 * dependencies).
 */
class PackageCycleTest {
    /** The facade builds the runtime and the runtime throws the facade's types: that loop is allowed. */
    private static final Set<String> FACADE = Set.of("dev.ipckit.Ipc", "dev.ipckit.IpcContext");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.ipckit((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    @Test
    void shouldHaveNoCycleBetweenThePackagesOfTheApiModule() throws IOException {
        Map<String, Map<String, Set<String>>> graph = graph(Path.of("src/main/java"));
        assertTrue(graph.getOrDefault("dev.ipckit.internal.pool", Map.of()).containsKey("dev.ipckit.internal.process"),
                "the scan found too little to judge (no pool -> process edge): " + graph.keySet());
        List<List<String>> cycles = cycles(graph);
        StringBuilder why = new StringBuilder();
        for (List<String> cycle : cycles) {
            why.append("\n  cycle ").append(cycle);
            for (String from : cycle) {
                for (String to : cycle) {
                    Set<String> by = graph.getOrDefault(from, Map.of()).get(to);
                    if (by != null) {
                        why.append("\n    ").append(from).append(" -> ").append(to).append(" by ").append(by);
                    }
                }
            }
        }
        assertEquals(List.of(), cycles, "packages of ipc-api depend on each other in a loop; break it by moving"
                + " the class that points back up, or by passing what it needs in:" + why);
    }

    @Test
    void shouldFindALoopWhenThereIsOne() {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        g.put("a", Map.of("b", Set.of("A->B")));
        g.put("b", Map.of("c", Set.of("B->C")));
        g.put("c", Map.of("a", Set.of("C->A"), "d", Set.of("C->D")));
        assertEquals(List.of(List.of("a", "b", "c")), cycles(g));
        g.put("c", Map.of("d", Set.of("C->D")));
        assertEquals(List.of(), cycles(g));
    }

    /** @return package → package it uses → the class pairs that make the edge */
    private static Map<String, Map<String, Set<String>>> graph(Path sources) throws IOException {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String src;
                try {
                    src = Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Matcher pm = PACKAGE.matcher(src);
                if (!pm.find()) {
                    return;
                }
                String pkg = pm.group(1);
                String cls = p.getFileName().toString().replace(".java", "");
                if (FACADE.contains(pkg + "." + cls)) {
                    return;
                }
                String code = STRING.matcher(COMMENT.matcher(src).replaceAll(" ")).replaceAll("\"\"");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String to = "dev.ipckit" + m.group(1);
                    if (!to.equals(pkg)) {
                        graph.computeIfAbsent(pkg, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>())
                                .add(cls);
                    }
                }
            });
        }
        return graph;
    }

    /** @return the strongly connected components of more than one package (Tarjan), each sorted */
    static List<List<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(v -> nodes.addAll(v.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> out = new ArrayList<>();
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                connect(n, graph, index, low, stack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<List<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : graph.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }
}
