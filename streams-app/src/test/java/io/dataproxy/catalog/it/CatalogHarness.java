package io.dataproxy.catalog.it;

import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.catalog.app.CatalogApp;
import io.dataproxy.catalog.app.CatalogConfig;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.TopicContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The catalog app on the shared test infrastructure with its own topics, application id and state
 * directory, a {@link CatalogClient}, and a reader of its events.
 */
final class CatalogHarness implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Infra infra;
    final String commands;
    final String replies;
    final String events;
    final String datasets;
    private final Map<String, String> env;
    private CatalogApp app;
    private final List<CatalogApp> others = new ArrayList<>();
    private CatalogClient client;
    private KafkaConsumer<byte[], byte[]> eventReader;
    private final AvroWireDeserializer<CatalogEvent> eventDecoder = new AvroWireDeserializer<>(CatalogEvent.class);

    CatalogHarness(Infra infra, Map<String, String> overrides) {
        this.infra = infra;
        this.commands = infra.uniqueName("catalog-commands");
        this.replies = infra.uniqueName("catalog-replies");
        this.events = infra.uniqueName("catalog-events");
        this.datasets = infra.uniqueName("catalog-datasets");
        createTopics(infra, commands, replies, events, datasets);
        env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "KAFKA_APPLICATION_ID", infra.uniqueName("catalog"),
                "CATALOG_COMMANDS_TOPIC", commands,
                "CATALOG_REPLIES_TOPIC", replies,
                "CATALOG_EVENTS_TOPIC", events,
                "CATALOG_DATASETS_TOPIC", datasets,
                "CATALOG_STATE_DIR", tempDir().toString(),
                "CATALOG_EXPIRY_INTERVAL", "200ms"));
        env.put("CATALOG_SHUTDOWN_TIMEOUT", "20s");
        env.put("CATALOG_URI_RELEASE_GRACE", "500ms"); // the storage clean-up test waits for releases
        env.putAll(overrides);
        eventDecoder.configure(infra.kafkaClientProps(), false);
    }

    /**
     * The catalog's topics as a deployment creates them: {@code commands} stamped by the broker (LogAppendTime),
     * {@code datasets} compacted, and the commands' dead-letter topic.
     */
    static void createTopics(Infra infra, String commands, String replies, String events, String datasets) {
        infra.createTopics(3, TopicContract.CATALOG_COMMANDS.requiredConfigs(), commands);
        infra.createTopics(3, TopicContract.CATALOG_DATASETS.requiredConfigs(), datasets);
        infra.createTopics(3, replies, events, commands + "-dlt");
    }

    static CatalogHarness start(Infra infra) {
        return start(infra, Map.of());
    }

    static CatalogHarness start(Infra infra, Map<String, String> overrides) {
        CatalogHarness harness = new CatalogHarness(infra, overrides);
        harness.startApp();
        return harness;
    }

    /** (Re)starts the app with the current settings and waits until it is RUNNING. */
    CatalogApp startApp() {
        app = new CatalogApp(CatalogConfig.load(null, env)).start();
        await().atMost(TIMEOUT).until(app::isReady);
        return app;
    }

    /**
     * Another instance of the same catalog (same application id and topics), with its own state directory and, when
     * the read path is on, its own port; closed with the harness. Waits until it is RUNNING.
     */
    CatalogApp startAnotherInstance() {
        Map<String, String> own = new HashMap<>(env);
        own.put("CATALOG_STATE_DIR", tempDir().toString());
        CatalogApp other = new CatalogApp(CatalogConfig.load(null, own)).start();
        others.add(other);
        await().atMost(TIMEOUT).until(other::isReady);
        return other;
    }

    /** The read path's base URL of the (first) instance. */
    String readUrl() {
        return app.readUrl().orElseThrow(() -> new IllegalStateException("the read path is off: set CATALOG_READ_ENABLED"));
    }

    void stopApp() {
        app.close();
        app = null;
    }

    /** Changes a setting for the next {@link #startApp()}: a fresh application id, another state directory... */
    void set(String envName, String value) {
        env.put(envName, value);
    }

    String applicationId() {
        return env.get("KAFKA_APPLICATION_ID");
    }

    /** How far the catalog's committed offsets on the commands topic are behind its end, summed over partitions. */
    long lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = infra.admin().listConsumerGroupOffsets(applicationId())
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        infra.admin().describeTopics(List.of(commands)).allTopicNames().get().get(commands).partitions()
                .forEach(p -> partitions.put(new TopicPartition(commands, p.partition()), OffsetSpec.latest()));
        long lag = 0;
        for (var end : infra.admin().listOffsets(partitions).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    String stateDir() {
        return env.get("CATALOG_STATE_DIR");
    }

    CatalogApp app() {
        return app;
    }

    CatalogClient client() {
        if (client == null) {
            client = new CatalogClient(infra.kafkaClientProps(), commands, replies, TIMEOUT);
        }
        return client;
    }

    /** Events published since the last call (from the start of the topic on the first), waiting until {@code done} holds. */
    List<CatalogEvent> eventsUntil(java.util.function.Predicate<List<CatalogEvent>> done) {
        if (eventReader == null) {
            eventReader = infra.bytesConsumer(infra.uniqueName("events"));
            eventReader.subscribe(List.of(events));
        }
        List<CatalogEvent> seen = new ArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            for (ConsumerRecord<byte[], byte[]> record : eventReader.poll(Duration.ofMillis(100))) {
                seen.add(eventDecoder.deserialize(events, record.value()));
            }
            return done.test(seen);
        });
        return seen;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("catalog-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (eventReader != null) {
            eventReader.close();
        }
        others.forEach(CatalogApp::close);
        if (app != null) {
            app.close();
        }
    }
}
