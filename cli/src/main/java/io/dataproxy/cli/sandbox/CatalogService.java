package io.dataproxy.cli.sandbox;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.catalog.app.CatalogConfig;
import java.time.Duration;
import java.util.Map;

/**
 * The catalog (Kafka Streams, RocksDB state under {@code <data-dir>/catalog}), on the default topic names.
 *
 * <p>Sized for large datasets (measured: 100,000 artifacts of 4 KiB inline, or 1,000,000 small ones, in one
 * dataset): a command holds at most its page on the heap (the listing index), and RocksDB stays within the
 * catalog's bounded cache ({@code catalog.rocksdb.*}, 96 MiB off-heap whatever the data's size), so the launcher's
 * 512 MiB heap, shared with the broker and the other services, has room (docs/benchmarks.md, "A large dataset").
 */
final class CatalogService implements SandboxService {

    static final String APPLICATION_ID = "dataproxy-catalog";
    static final String NAME = "catalog";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AutoCloseable start(SandboxEndpoints endpoints) throws InterruptedException {
        Map<String, String> env = endpoints.kafkaEnv();
        env.put("KAFKA_APPLICATION_ID", APPLICATION_ID);
        env.put("CATALOG_STATE_DIR", endpoints.stateDir(DataDir.CATALOG).toString());
        // Ctrl-C should stop the sandbox in seconds: the last commit of a local run takes well under that.
        env.put("CATALOG_SHUTDOWN_TIMEOUT", "5s");
        // the read path, for `catalog get/list --read-url` (the ready line prints its URL)
        env.put("CATALOG_READ_ENABLED", "true");
        env.put("CATALOG_READ_PORT", Integer.toString(endpoints.catalogReadPort()));
        env.put("CATALOG_READ_ADVERTISED_HOST", "localhost");
        CatalogApp app = new CatalogApp(CatalogConfig.load(null, env));
        try {
            app.start();
            // RUNNING: state restored and partitions assigned, so the first command after the ready line is answered
            Readiness.await(name(), app::isReady, READY_TIMEOUT);
        } catch (InterruptedException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }
}
