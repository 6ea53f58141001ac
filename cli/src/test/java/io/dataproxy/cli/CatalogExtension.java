package io.dataproxy.cli;

import static org.awaitility.Awaitility.await;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.catalog.app.CatalogConfig;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link RunningCatalog}: one catalog app per test JVM on the shared infrastructure, on the default topic
 * names as in the sandbox (so the CLI needs only the connection flags), with its own application id and state
 * directory and a fast expiry tick. Tests keep apart by using their own datasets.
 */
final class CatalogExtension implements ParameterResolver {

    static final String EVENTS_TOPIC = "catalog.events";

    record RunningCatalog(CatalogApp app) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningCatalog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Infra infra = DataproxyInfraExtension.infra(context);
        return context.getRoot().getStore(ExtensionContext.Namespace.create(CatalogExtension.class))
                .getOrComputeIfAbsent(RunningCatalog.class, key -> start(infra), RunningCatalog.class);
    }

    private static RunningCatalog start(Infra infra) {
        infra.createTopics(3, CatalogClient.REQUEST_TOPIC, CatalogClient.REPLY_TOPIC, EVENTS_TOPIC,
                CatalogClient.REQUEST_TOPIC + "-dlt");
        createCompacted(infra, "catalog.datasets");
        infra.createTopics(3, "catalog.datasets"); // exists now: this waits for its leaders
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("KAFKA_APPLICATION_ID", infra.uniqueName("catalog"));
        env.put("CATALOG_STATE_DIR", tempDir());
        env.put("CATALOG_EXPIRY_INTERVAL", "200ms");
        env.put("CATALOG_SHUTDOWN_TIMEOUT", "10s");
        CatalogApp app = new CatalogApp(CatalogConfig.load(null, env)).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(app::isReady);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return new RunningCatalog(app);
    }

    /** The global dataset directory's source: compacted, as the sandbox creates it. */
    private static void createCompacted(Infra infra, String topic) {
        NewTopic compacted = new NewTopic(topic, 3, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            infra.admin().createTopics(List.of(compacted)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("catalog-state").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
