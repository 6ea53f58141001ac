package io.dataproxy.catalog.app;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.ConfigFileOption;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dataproxy-streams-app.jar [--config catalog.yaml]}: loads and validates the
 * configuration, runs the catalog, and on SIGTERM commits, leaves the group and exits. Exit codes:
 * 0 stopped, 1 failed, 2 bad configuration.
 */
public final class CatalogAppMain {

    private CatalogAppMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CatalogConfig config;
        try {
            config = CatalogConfig.load(ConfigFileOption.parse(args), System.getenv());
        } catch (ConfigException e) {
            System.err.println("dataproxy catalog: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CatalogApp app = new CatalogApp(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "catalog-shutdown"));
        app.start();
        stopped.await();
    }
}
