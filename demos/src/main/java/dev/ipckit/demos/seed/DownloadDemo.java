package dev.ipckit.demos.seed;

import com.sun.net.httpserver.HttpServer;
import dev.ipckit.Ipc;
import dev.ipckit.IpcContext;
import dev.ipckit.Pool;
import dev.ipckit.demos.Demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Seed 003, {@code ThreadPoolExecutor … executor.map(download, links, timeout=30)}: I/O-bound work on a
 * thread pool. There is no internet here, so the demo starts a small HTTP server on 127.0.0.1 whose every
 * page takes 200 ms to answer, as a slow site would, and downloads eight links one after the other and then
 * on a pool of eight threads, in input order.
 */
public final class DownloadDemo implements Demo {
    /** How many links. */
    static final int LINKS = 8;
    /** How long the server takes per page, in the seed's terms (a slow site). */
    static final long PAGE_DELAY_MS = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public String name() {
        return "003-download";
    }

    @Override
    public String summary() {
        return "executor.map(download, links): a thread pool fetching pages from a local HTTP server";
    }

    /** The seed's {@code download(link)}: fetches a page and returns its size. */
    static String download(String link) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        return link.substring(link.lastIndexOf('/') + 1) + ": HTTP " + r.statusCode() + ", " + r.body().length + " bytes";
    }

    /** A server on 127.0.0.1 (any free port) answering {@code /page/N} after a delay. */
    static HttpServer slowServer(long delayMs) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(LINKS));
        server.createContext("/page/", exchange -> {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("<html>page " + exchange.getRequestURI().getPath() + "</html>\n")
                    .repeat(100).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    @Override
    public void run(IpcContext ctx) throws Exception {
        run(ctx, false);
    }

    @Override
    public void run(IpcContext ctx, boolean quick) throws Exception {
        long delay = new Pace(quick).ms(PAGE_DELAY_MS);
        HttpServer server = slowServer(delay);
        try (Pool threads = Ipc.threadPool(LINKS)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/page/";
            List<String> links = new ArrayList<>();
            for (int i = 1; i <= LINKS; i++) {
                links.add(base + i);
            }
            System.out.println("a local server at " + base + " answers each page after " + delay + " ms");
            long t0 = System.nanoTime();
            for (String link : links) {
                download(link);
            }
            double serial = Pace.since(t0);
            t0 = System.nanoTime();
            List<String> pages = threads.map(DownloadDemo::download, links, 1, Duration.ofSeconds(30));
            double pooled = Pace.since(t0);
            pages.forEach(System.out::println);
            System.out.printf("one after the other: %.2f s; thread pool of %d: %.2f s (results in input order)%n",
                    serial, LINKS, pooled);
        } finally {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
        System.out.println("Waiting for the network needs no CPU: threads are the cheap choice for I/O-bound work"
                + " (no JVM to start, nothing to serialize).");
    }
}
