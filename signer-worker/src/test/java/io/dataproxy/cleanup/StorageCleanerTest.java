package io.dataproxy.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dataproxy.avro.catalog.ArtifactDeleted;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.signer.SignerWorker;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetterHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The storage clean-up on a real broker and S3 server: {@code DataReleased} events on a fresh events topic,
 * objects planted in the store, and the store inspected afterwards.
 */
@ExtendWith(DataproxyInfraExtension.class)
class StorageCleanerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DatasetId DATASET = DatasetId.newBuilder().setProject("p").setDomain("d")
            .setName("flyte_task-t").setVersion("v1").build();

    private final Infra infra;
    private final String events;
    private final String bucket;
    private final String foreignBucket;
    private final String group;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroWireSerializer<CatalogEvent> serializer = new AvroWireSerializer<>();
    private ObjectStorage storage;
    private StorageCleaner cleaner;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    StorageCleanerTest(Infra infra) {
        this.infra = infra;
        this.events = infra.uniqueName("catalog-events");
        this.bucket = infra.uniqueName("bucket");
        this.foreignBucket = infra.uniqueName("foreign");
        this.group = infra.uniqueName("cleanup");
        infra.createTopics(3, events, DeadLetterHeaders.deadLetterTopic(events));
        infra.s3().createBucket(bucket);
        infra.s3().createBucket(foreignBucket);
        this.producer = infra.bytesProducer();
        serializer.configure(infra.kafkaClientProps(), false);
    }

    @AfterEach
    void stop() {
        if (cleaner != null) {
            cleaner.close();
        }
        if (storage != null) {
            storage.close();
        }
        producer.close();
        cleanerLogger().detachAppender(logs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3", "minio"})
    void deletesReleasedObjectsOnlyInsideAllowedBucketsAndPrefixes(String storageType) throws Exception {
        String upload = plant(bucket, "uploads/p/d/abc/released");
        String output = plant(bucket, "outputs/run-1/o0");
        String outsidePrefix = plant(bucket, "metadata/run-1/released");
        String foreign = plant(foreignBucket, "uploads/p/d/abc/released");
        String stillReferenced = plant(bucket, "uploads/p/d/abc/deleted-artifact-data");
        String neverReleased = plant(bucket, "uploads/p/d/abc/live");
        String last = plant(bucket, "uploads/p/d/abc/last");
        captureLogs();
        startCleaner(SignerConfig.load(null, env(storageType)));

        // one partition, so when the last one is deleted every event before it has been handled
        byte[] garbage = "not a catalog event".getBytes(StandardCharsets.UTF_8);
        publish(released(upload));
        publish(released(output));
        publish(released(outsidePrefix));
        publish(released(foreign));
        publish(event(ArtifactDeleted.newBuilder().setArtifactId("a1").setUris(List.of(stillReferenced)).build()));
        long garbageOffset = publish(garbage);
        publish(released(upload)); // a second release of an object already deleted
        publish(released("file:///etc/passwd"));
        long lastOffset = publish(released(last));

        await().atMost(WAIT).until(() -> !exists(last));
        assertThat(exists(upload)).as("released under uploads/").isFalse();
        assertThat(exists(output)).as("released under outputs/").isFalse();
        assertThat(exists(outsidePrefix)).as("outside the allowed prefixes").isTrue();
        assertThat(exists(foreign)).as("in a bucket that is not allowed").isTrue();
        assertThat(exists(stillReferenced)).as("named by another kind of event").isTrue();
        assertThat(exists(neverReleased)).as("never released").isTrue();
        assertThat(cleaner.failure()).isNull();

        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("outside allowed buckets/prefixes"))
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).startsWith("refusing to delete " + outsidePrefix))
                .anySatisfy(m -> assertThat(m).startsWith("refusing to delete " + foreign));

        try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt-reader"))) {
            dlt.subscribe(List.of(DeadLetterHeaders.deadLetterTopic(events)));
            ConsumerRecord<byte[], byte[]> dead = Records.poll(dlt, 1, WAIT).get(0);
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(dead.key()).isEqualTo(DatasetKeys.bytes(DATASET));
            assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(events);
            assertThat(header(dead, DeadLetterHeaders.ORIGINAL_OFFSET)).isEqualTo(Long.toString(garbageOffset));
            assertThat(header(dead, DeadLetterHeaders.EXCEPTION_FQCN)).isNotBlank();
        }
        await().atMost(WAIT).until(() -> committed() == lastOffset + 1);
    }

    @Test
    void aStorageOutageIsRetriedAndNothingIsCommittedPastTheFailedDelete() throws Exception {
        String first = plant(bucket, "uploads/outage/first");
        String second = plant(bucket, "uploads/outage/second");
        SignerConfig config = SignerConfig.load(null, env("s3"));
        FlakyStorage flaky = new FlakyStorage(ObjectStorage.open(config.storage()));
        storage = flaky;
        cleaner = new StorageCleaner(config.kafka(), config.cleanup(), scope(config), flaky).start();
        await().atMost(WAIT).until(cleaner::isReady);

        publish(released(first));
        publish(released(second));
        await().atMost(WAIT).until(() -> flaky.failedDeletes.get() >= 3);
        assertThat(exists(first)).isTrue();
        assertThat(committed()).as("nothing committed while the first delete fails").isEqualTo(-1);

        flaky.down = false;
        await().atMost(WAIT).until(() -> !exists(first) && !exists(second));
        await().atMost(WAIT).until(() -> committed() == 2);
        assertThat(cleaner.failure()).isNull();
    }

    @Test
    void theSignerWorkerRunsTheCleanerWhenEnabledAndStopsItWhenClosed() throws Exception {
        String upload = plant(bucket, "uploads/p/d/abc/via-worker");
        Map<String, String> env = env("s3");
        env.put("KAFKA_AUTO_OFFSET_RESET", "earliest"); // cannot wait for the cleaner inside the worker to be ready
        env.put("SIGNER_REQUEST_TOPIC", infra.uniqueName("url-requests"));
        env.put("SIGNER_GROUP_ID", infra.uniqueName("signer"));
        infra.createTopics(1, env.get("SIGNER_REQUEST_TOPIC"));
        SignerWorker worker = SignerWorkerMain.start(SignerConfig.load(null, env), Clock.systemUTC());
        try {
            publish(released(upload));
            await().atMost(WAIT).until(() -> !exists(upload));
            assertThat(cleanupGroupMembers()).isPositive();
        } finally {
            worker.close();
        }
        await().atMost(WAIT).until(() -> cleanupGroupMembers() == 0);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Map<String, String> env(String storageType) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers());
        env.put("KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString());
        env.put("STORAGE_TYPE", storageType);
        env.put("STORAGE_CONTAINER", bucket);
        env.put("STORAGE_CONNECTION_ENDPOINT", infra.s3Endpoint().toString());
        env.put("STORAGE_CONNECTION_ACCESS_KEY", infra.s3AccessKey());
        env.put("STORAGE_CONNECTION_SECRET_KEY", infra.s3SecretKey());
        env.put("STORAGE_CONNECTION_REGION", infra.s3Region());
        env.put("CLEANUP_ENABLED", "true");
        env.put("CLEANUP_EVENTS_TOPIC", events);
        env.put("CLEANUP_GROUP_ID", group);
        env.put("CLEANUP_ALLOWED_PREFIXES", "uploads/,outputs/");
        return env;
    }

    private void startCleaner(SignerConfig config) {
        storage = ObjectStorage.open(config.storage());
        cleaner = new StorageCleaner(config.kafka(), config.cleanup(), scope(config), storage).start();
        await().atMost(WAIT).until(cleaner::isReady);
    }

    private static DeletionScope scope(SignerConfig config) {
        return new DeletionScope(config.storage().allowedContainers(), config.cleanup().allowedPrefixes());
    }

    private String plant(String inBucket, String key) {
        infra.s3().put(inBucket, key, key.getBytes(StandardCharsets.UTF_8), Map.of());
        return new ObjectLocation(inBucket, key).nativeUrl();
    }

    private boolean exists(String nativeUrl) {
        ObjectLocation location = ObjectLocation.parse(nativeUrl);
        return infra.s3().exists(location.bucket(), location.key());
    }

    private static CatalogEvent released(String uri) {
        return event(DataReleased.newBuilder().setUri(uri).build());
    }

    private static CatalogEvent event(Object body) {
        return CatalogEvent.newBuilder().setDataset(DATASET).setAt(Instant.now()).setBody(body).build();
    }

    private long publish(CatalogEvent event) throws Exception {
        return publish(serializer.serialize(events, event));
    }

    /** To partition 0, so the events are handled in the order they are published; returns the offset. */
    private long publish(byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(events, 0, DatasetKeys.bytes(DATASET), value)).get().offset();
    }

    /** The cleaner's committed offset on partition 0, or -1. */
    private long committed() throws Exception {
        OffsetAndMetadata offset = infra.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(events, 0));
        return offset == null ? -1 : offset.offset();
    }

    private int cleanupGroupMembers() throws Exception {
        return infra.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private void captureLogs() {
        logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        logs.start();
        cleanerLogger().addAppender(logs);
    }

    private static Logger cleanerLogger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(StorageCleaner.class);
    }

    /** The real storage, except that deletes fail as in an outage while {@link #down}. */
    private static final class FlakyStorage implements ObjectStorage {
        private final ObjectStorage real;
        final AtomicInteger failedDeletes = new AtomicInteger();
        volatile boolean down = true;

        FlakyStorage(ObjectStorage real) {
            this.real = real;
        }

        @Override
        public void delete(ObjectLocation location) {
            if (down) {
                failedDeletes.incrementAndGet();
                throw new StorageUnavailableException("DELETE " + location + " failed: storage unreachable (test)", null);
            }
            real.delete(location);
        }

        @Override
        public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
            return real.presignPut(location, constraints, expiresIn);
        }

        @Override
        public URI presignGet(ObjectLocation location, Duration expiresIn) {
            return real.presignGet(location, expiresIn);
        }

        @Override
        public Optional<StoredObject> head(ObjectLocation location) {
            return real.head(location);
        }

        @Override
        public String describe() {
            return "flaky " + real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
