package io.dataproxy.registry.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small schema registry that speaks the Confluent Schema Registry REST API (Avro only), for integration tests
 * and the local sandbox.
 *
 * <p>Dev/test infrastructure only: Confluent's registry is not on Maven Central and cannot run on these machines,
 * so the project starts this one itself. docker-compose and Helm deploy Confluent's real registry.
 *
 * <p>Enforces the compatibility level on register (default BACKWARD). With a data dir every change is appended
 * to a log, fsync'd, and replayed at start, so ids, versions and levels survive a restart. DELETE of a subject is
 * always a hard delete (no soft-delete step as in Confluent); ids stay readable. No authentication: basic-auth
 * headers are accepted and ignored.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSchemaRegistry.class);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaStore store;
    private final URI url;
    private volatile Consumer<Headers> requestListener = headers -> { };

    private LocalSchemaRegistry(HttpServer server, ExecutorService executor, SchemaStore store, URI url) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.url = url;
    }

    /**
     * Starts a registry.
     *
     * @param bind    address to listen on; port 0 for an ephemeral port; null for loopback with an ephemeral port
     * @param dataDir directory for the change log; null to keep everything in memory
     */
    public static LocalSchemaRegistry start(InetSocketAddress bind, Path dataDir) throws IOException {
        InetSocketAddress address = bind != null ? bind : new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        SchemaStore store = new SchemaStore(dataDir);
        HttpServer server;
        try {
            server = HttpServer.create(address, 50);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "local-schema-registry-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        InetSocketAddress bound = server.getAddress();
        LocalSchemaRegistry registry = new LocalSchemaRegistry(server, executor, store, urlOf(bound));
        RegistryRoutes routes = new RegistryRoutes(store);
        server.createContext("/", exchange -> {
            registry.requestListener.accept(exchange.getRequestHeaders());
            routes.handle(exchange);
        });
        server.start();
        log.info("Local schema registry listening on {} ({})", registry.url, dataDir == null ? "in memory" : dataDir);
        return registry;
    }

    private static URI urlOf(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + bound.getPort());
    }

    /** {@code http://127.0.0.1:<port>} (or the bound address), for {@code schema.registry.url}. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    /** Lets tests see the headers of every request, e.g. to check that an Authorization header arrived. */
    void onRequest(Consumer<Headers> listener) {
        this.requestListener = listener;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        store.close();
    }

    @Override
    public String toString() {
        return "LocalSchemaRegistry[" + url + "]";
    }
}
