package io.dataproxy.bench.restore;

import io.dataproxy.registry.local.LocalSchemaRegistry;
import io.dataproxy.sandbox.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the catalog needs around it, in the benchmark's JVM: a real KRaft broker (the sandbox's {@link EmbeddedKafka})
 * whose log lives under the work directory, the local schema registry, and the catalog's topics. The registry keeps
 * its schemas next to the broker's log: the records' schema ids are only readable with the registry that issued them,
 * so a later {@code --restore-only} run on the same data needs the same registry back.
 */
final class BenchInfra implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final LocalSchemaRegistry registry;

    private BenchInfra(EmbeddedKafka kafka, LocalSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    static BenchInfra start(Path brokerLogDir, Path registryDir, int partitions) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(brokerLogDir, 0);
        LocalSchemaRegistry registry;
        try {
            registry = LocalSchemaRegistry.start(null, registryDir);
        } catch (IOException | RuntimeException e) {
            kafka.close();
            throw e;
        }
        BenchInfra infra = new BenchInfra(kafka, registry);
        try {
            CatalogTopics.create(kafka.admin(), partitions);
        } catch (Exception e) {
            infra.close();
            throw e;
        }
        return infra;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    URI registryUrl() {
        return registry.url();
    }

    Admin admin() {
        return kafka.admin();
    }

    /** Client properties for the benchmark's own producers and clients (the serdes included). */
    Map<String, Object> clientProps() {
        return Map.of("bootstrap.servers", bootstrapServers(), "schema.registry.url", registryUrl().toString());
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
