package io.dataproxy.cli.bench;

import static org.awaitility.Awaitility.await;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.catalog.app.CatalogConfig;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a real signer worker ({@link Signer}) and a real catalog app ({@link Catalog}) on the shared test
 * infrastructure, one of each per test JVM, each on topics of its own (so the bench is pointed at them with
 * {@code --request-topic}/{@code --reply-topic} and shares nothing with the services other CLI tests start on the
 * default topics).
 */
final class BenchServicesExtension implements ParameterResolver {

    static final String BUCKET = "dataproxy";

    record Signer(String requestTopic, String replyTopic, SignerWorker worker) implements AutoCloseable {
        @Override
        public void close() {
            worker.close();
        }
    }

    record Catalog(String requestTopic, String replyTopic, CatalogApp app) implements AutoCloseable {
        @Override
        public void close() {
            app.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Signer.class || type == Catalog.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Infra infra = DataproxyInfraExtension.infra(context);
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(BenchServicesExtension.class));
        return parameter.getParameter().getType() == Signer.class
                ? store.getOrComputeIfAbsent(Signer.class, key -> startSigner(infra), Signer.class)
                : store.getOrComputeIfAbsent(Catalog.class, key -> startCatalog(infra), Catalog.class);
    }

    private static Signer startSigner(Infra infra) {
        String requests = infra.uniqueName("bench.url.requests");
        String replies = infra.uniqueName("bench.url.replies");
        infra.createTopics(3, requests, replies, requests + "-dlt");
        infra.s3().createBucket(BUCKET);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("SIGNER_REQUEST_TOPIC", requests);
        env.put("SIGNER_REPLY_TOPIC", replies);
        env.put("SIGNER_GROUP_ID", infra.uniqueName("bench-signer"));
        env.put("SIGNER_SHUTDOWN_TIMEOUT", "2s");
        env.put("STORAGE_TYPE", "s3");
        env.put("STORAGE_CONTAINER", BUCKET);
        env.put("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString());
        env.put("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey());
        env.put("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey());
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        SignerWorker worker = SignerWorkerMain.start(SignerConfig.load(null, env), Clock.systemUTC());
        try {
            await().atMost(Duration.ofSeconds(60)).until(worker::isReady);
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return new Signer(requests, replies, worker);
    }

    private static Catalog startCatalog(Infra infra) {
        String commands = infra.uniqueName("bench.catalog.commands");
        String replies = infra.uniqueName("bench.catalog.replies");
        String events = infra.uniqueName("bench.catalog.events");
        String datasets = infra.uniqueName("bench.catalog.datasets");
        infra.createTopics(3, commands, replies, events, commands + "-dlt");
        createCompacted(infra, datasets);
        infra.createTopics(3, datasets); // exists now: this waits for its leaders
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("KAFKA_APPLICATION_ID", infra.uniqueName("bench-catalog"));
        env.put("CATALOG_COMMANDS_TOPIC", commands);
        env.put("CATALOG_REPLIES_TOPIC", replies);
        env.put("CATALOG_EVENTS_TOPIC", events);
        env.put("CATALOG_DATASETS_TOPIC", datasets);
        env.put("CATALOG_STATE_DIR", tempDir());
        env.put("CATALOG_SHUTDOWN_TIMEOUT", "10s");
        CatalogApp app = new CatalogApp(CatalogConfig.load(null, env)).start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(app::isReady);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return new Catalog(commands, replies, app);
    }

    private static void createCompacted(Infra infra, String topic) {
        NewTopic compacted = new NewTopic(topic, 3, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            infra.admin().createTopics(List.of(compacted)).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("bench-catalog-state").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
