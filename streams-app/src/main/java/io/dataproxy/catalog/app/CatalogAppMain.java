package io.dataproxy.catalog.app;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.ConfigFileOption;
import io.dataproxy.ops.OpsEndpoint;
import io.dataproxy.ops.ServiceMetrics;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar dataproxy-streams-app.jar [--config catalog.yaml]}: loads and validates the
 * configuration, runs the catalog with {@code /healthz}, {@code /readyz} and {@code /metrics} on
 * {@code health.port}, and on SIGTERM commits, leaves the group and exits. Exit codes: 0 stopped,
 * 1 failed (also: Kafka could not be asked at start), 2 bad configuration (also: a topic without the settings the
 * catalog needs, or limits that do not fit each other; see {@link StartupCheck}).
 */
public final class CatalogAppMain {

    private static final Logger log = LoggerFactory.getLogger(CatalogAppMain.class);

    /** The {@code application} tag on every meter. */
    public static final String APPLICATION = "dataproxy-catalog";

    private CatalogAppMain() {
    }

    public static void main(String[] args) {
        OpsEndpoint.preferNoDelay(); // before the first JDK HTTP server of the process (the health endpoint)
        CatalogConfig config;
        try {
            config = CatalogConfig.load(ConfigFileOption.parse(args), System.getenv());
        } catch (ConfigException e) {
            System.err.println("dataproxy catalog: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Served served;
        try {
            served = serve(config);
        } catch (StartupCheckFailed e) {
            System.err.println("dataproxy catalog: " + (e.misconfigured() ? "cannot start: " : "") + e.getMessage());
            System.exit(e.exitCode());
            return;
        } catch (UncheckedIOException e) {
            System.err.println("dataproxy catalog: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            // e.g. the global store's thread failed while starting: without an exit the health endpoint's
            // thread would keep a process alive that never becomes ready
            log.error("catalog failed to start", e);
            System.exit(1);
            return;
        }
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            served.close();
            log.info("catalog stopped (Kafka Streams {})", served.app().state());
            stopped.complete(null);
        }, "catalog-shutdown"));
        CompletableFuture.anyOf(stopped, served.app().failure()).join();
        if (!stopped.isDone()) {
            // Exited from here, not from a Streams thread: the shutdown hook's close waits for those threads.
            log.error("catalog failed: Kafka Streams is in ERROR and will not recover (the log above says why); exiting");
            System.exit(1);
        }
    }

    /**
     * What {@code main} runs: the started catalog with Kafka Streams' metrics in a Prometheus registry, and
     * the health endpoint when {@code health.enabled}. Closing it closes the app (commit, leave the group),
     * then the endpoint.
     */
    public record Served(CatalogApp app, ServiceMetrics metrics, Optional<OpsEndpoint> endpoint) implements AutoCloseable {
        @Override
        public void close() {
            try {
                app.close();
            } finally {
                endpoint.ifPresent(OpsEndpoint::close);
                metrics.close();
            }
        }
    }

    public static Served serve(CatalogConfig config) {
        ServiceMetrics metrics = ServiceMetrics.create(APPLICATION);
        CatalogApp app = new CatalogApp(config, metrics.registry());
        Optional<OpsEndpoint> endpoint;
        try {
            // Before start: probes get 503 "Kafka Streams is CREATED/REBALANCING" instead of a refused connection.
            endpoint = config.health().enabled()
                    ? Optional.of(OpsEndpoint.start(config.health().port(), metrics.registry(), app::readiness))
                    : Optional.empty();
        } catch (RuntimeException e) {
            app.close();
            metrics.close();
            throw e;
        }
        try {
            app.start();
        } catch (RuntimeException e) {
            new Served(app, metrics, endpoint).close();
            throw e;
        }
        return new Served(app, metrics, endpoint);
    }
}
