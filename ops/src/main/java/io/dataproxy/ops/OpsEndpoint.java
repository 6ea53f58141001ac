package io.dataproxy.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint a platform probes: {@code /healthz} (the process answers: 200), {@code /readyz}
 * (200 when the service can do its work, else 503 with the reason) and {@code /metrics} (Prometheus
 * text format). It listens on every interface, since probes and scrapers come from outside the pod or
 * container. The JDK's own server keeps the images free of a web framework.
 */
public final class OpsEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsEndpoint.class);

    /** Prometheus' text exposition format 0.0.4: what every scraper understands. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * The JDK's HTTP server writes a response's headers and its body in two writes; without {@code TCP_NODELAY} the
     * body waits, by Nagle's algorithm, for the ACK of the headers, which a client on a kept-alive connection delays by
     * 40 ms (measured, JDK 17: a metrics scraper's, the sandbox registry's clients). The server only takes the option
     * from this system property, read once when the first {@code HttpServer} of the process is made: so the mains set
     * it before anything else, and {@link #start} does in case it comes first. An operator's own setting is kept.
     */
    public static void preferNoDelay() {
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /**
     * Listens on {@code port} (0: a free one) and answers until closed.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static OpsEndpoint start(int port, PrometheusMeterRegistry registry, Supplier<Readiness> readiness) {
        preferNoDelay();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("health endpoint cannot listen on port " + port + " (health.port): " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        // Two threads: a slow scrape must not hold up a liveness probe.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        // One context: the JDK matches contexts by prefix, so "/healthz" alone would also answer "/healthzz".
        server.createContext("/", exchange -> {
            switch (exchange.getRequestURI().getPath()) {
                case "/healthz" -> respond(exchange, 200, PLAIN_TEXT, "ok\n");
                case "/readyz" -> {
                    Readiness now = check(readiness);
                    respond(exchange, now.isReady() ? 200 : 503, PLAIN_TEXT, now.reason() + "\n");
                }
                case "/metrics" -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape(PROMETHEUS_TEXT));
                default -> respond(exchange, 404, PLAIN_TEXT, "not found; try /healthz, /readyz or /metrics\n");
            }
        });
        server.start();
        OpsEndpoint endpoint = new OpsEndpoint(server, executor);
        log.info("health and metrics on port {}: /healthz, /readyz, /metrics", endpoint.port());
        return endpoint;
    }

    /** The port it listens on (the chosen one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static Readiness check(Supplier<Readiness> readiness) {
        try {
            return readiness.get();
        } catch (RuntimeException e) {
            return Readiness.notReady("readiness check failed: " + e.getClass().getSimpleName());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (head) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
