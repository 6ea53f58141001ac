package io.dataproxy.cli;

import static org.awaitility.Awaitility.await;

import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.catalog.app.CatalogConfig;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.TopicContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
     * A catalog on these topics (created as the sandbox creates them: {@code commands} stamped by the broker,
     * {@code datasets} compacted), with its own application id and state directory; {@code env} on top.
     */
    public static CatalogApp startCatalog(Infra infra, String commands, String replies, String events, String datasets,
                                          Map<String, String> env) {
        infra.createTopics(3, TopicContract.CATALOG_COMMANDS.requiredConfigs(), commands);
        infra.createTopics(3, TopicContract.CATALOG_DATASETS.requiredConfigs(), datasets);
        infra.createTopics(3, replies, events, commands + "-dlt");
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
        CatalogApp app = new CatalogApp(CatalogConfig.load(null, all));
        try {
            app.start();
            await().atMost(READY_TIMEOUT).until(app::isReady);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("catalog-state").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
