package io.dataproxy.cli;

import static org.awaitility.Awaitility.await;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.catalog.app.CatalogConfig;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
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
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The signer worker and the catalog app as the CLI's tests run them: in this JVM, on the shared test infrastructure,
 * on the topics a test names, started and ready. The extensions decide which topics and how many per JVM.
 */
public final class TestServices {

    public static final String BUCKET = "dataproxy";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private TestServices() {
    }

    /** A signer reading {@code requestTopic}, replying on {@code replyTopic} by default; {@code env} on top. */
    public static SignerWorker startSigner(Infra infra, String requestTopic, String replyTopic, Map<String, String> env) {
        infra.createTopics(3, requestTopic, replyTopic, requestTopic + "-dlt");
        infra.s3().createBucket(BUCKET);
        Map<String, String> all = new HashMap<>();
        all.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        all.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        all.put("SIGNER_REQUEST_TOPIC", requestTopic);
        all.put("SIGNER_REPLY_TOPIC", replyTopic);
        all.put("SIGNER_SHUTDOWN_TIMEOUT", "2s");
        all.put("STORAGE_TYPE", "s3");
        all.put("STORAGE_CONTAINER", BUCKET);
        all.put("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString());
        all.put("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey());
        all.put("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey());
        all.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        all.putAll(env);
        SignerWorker worker = SignerWorkerMain.start(SignerConfig.load(null, all), Clock.systemUTC());
        try {
            await().atMost(READY_TIMEOUT).until(worker::isReady);
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /**
     * A catalog on these topics ({@code datasets} compacted, as the sandbox creates it), with its own application id
     * and state directory; {@code env} on top.
     */
    public static CatalogApp startCatalog(Infra infra, String commands, String replies, String events, String datasets,
                                          Map<String, String> env) {
        infra.createTopics(3, commands, replies, events, commands + "-dlt");
        createCompacted(infra, datasets);
        infra.createTopics(3, datasets); // exists now: this waits for its leaders
        Map<String, String> all = new HashMap<>();
        all.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        all.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        all.put("KAFKA_APPLICATION_ID", infra.uniqueName("catalog"));
        all.put("CATALOG_COMMANDS_TOPIC", commands);
        all.put("CATALOG_REPLIES_TOPIC", replies);
        all.put("CATALOG_EVENTS_TOPIC", events);
        all.put("CATALOG_DATASETS_TOPIC", datasets);
        all.put("CATALOG_STATE_DIR", tempDir());
        all.put("CATALOG_SHUTDOWN_TIMEOUT", "10s");
        all.putAll(env);
        CatalogApp app = new CatalogApp(CatalogConfig.load(null, all)).start();
        try {
            await().atMost(READY_TIMEOUT).until(app::isReady);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

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
