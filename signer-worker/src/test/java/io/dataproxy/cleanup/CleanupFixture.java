package io.dataproxy.cleanup;

import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.DeadLetterHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A storage clean-up on the shared broker and S3 server: its own events topic (3 partitions) and dead-letter topic,
 * bucket, consumer group and meters; events published to a chosen partition, objects planted and looked at.
 */
final class CleanupFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final DatasetId DATASET = DatasetId.newBuilder().setProject("p").setDomain("d")
            .setName("flyte_task-t").setVersion("v1").build();

    final Infra infra;
    final String events;
    final String bucket;
    final String group;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroWireSerializer<CatalogEvent> serializer = new AvroWireSerializer<>();
    private ObjectStorage storage;
    private StorageCleaner cleaner;

    CleanupFixture(Infra infra) {
        this.infra = infra;
        this.events = infra.uniqueName("catalog-events");
        this.bucket = infra.uniqueName("bucket");
        this.group = infra.uniqueName("cleanup");
        infra.createTopics(3, events, DeadLetterHeaders.deadLetterTopic(events));
        infra.s3().createBucket(bucket);
        this.producer = infra.bytesProducer();
        serializer.configure(infra.kafkaClientProps(), false);
    }

    /** The configuration of a clean-up of this fixture's topic and bucket, deleting under uploads/ and outputs/. */
    Map<String, String> env(String storageType) {
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

    /** Starts a cleaner on {@code storage} (closed with the fixture) and waits until it has its partitions. */
    StorageCleaner start(SignerConfig config, ObjectStorage storage) {
        this.storage = storage;
        DeletionScope scope = new DeletionScope(config.storage().allowedContainers(), config.cleanup().allowedPrefixes());
        cleaner = new StorageCleaner(config.kafka(), config.cleanup(), scope, storage, new CleanupMetrics(meters)).start();
        await().atMost(WAIT).until(cleaner::isReady);
        return cleaner;
    }

    StorageCleaner start(String storageType) {
        SignerConfig config = SignerConfig.load(null, env(storageType));
        return start(config, ObjectStorage.open(config.storage()));
    }

    String plant(String inBucket, String key) {
        infra.s3().put(inBucket, key, key.getBytes(StandardCharsets.UTF_8), Map.of());
        return new ObjectLocation(inBucket, key).nativeUrl();
    }

    boolean exists(String nativeUrl) {
        ObjectLocation location = ObjectLocation.parse(nativeUrl);
        return infra.s3().exists(location.bucket(), location.key());
    }

    static CatalogEvent released(String uri) {
        return event(DataReleased.newBuilder().setUri(uri).build());
    }

    static CatalogEvent event(Object body) {
        return CatalogEvent.newBuilder().setDataset(DATASET).setAt(Instant.now()).setBody(body).build();
    }

    byte[] bytes(CatalogEvent event) {
        return serializer.serialize(events, event);
    }

    /** To partition 0, so events are handled in the order they are published; returns the offset. */
    long publish(CatalogEvent event) throws Exception {
        return publish(0, bytes(event));
    }

    long publish(byte[] value) throws Exception {
        return publish(0, value);
    }

    long publish(int partition, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(events, partition, DatasetKeys.bytes(DATASET), value)).get().offset();
    }

    /** The group's committed offset on {@code partition}, or -1. */
    long committed(int partition) throws Exception {
        OffsetAndMetadata offset = infra.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(events, partition));
        return offset == null ? -1 : offset.offset();
    }

    /** At least {@code count} dead letters, by their original offset (of partition 0's events). */
    Map<Long, ConsumerRecord<byte[], byte[]>> deadLetters(int count) {
        try (KafkaConsumer<byte[], byte[]> dlt = infra.bytesConsumer(infra.uniqueName("dlt-reader"))) {
            dlt.subscribe(List.of(DeadLetterHeaders.deadLetterTopic(events)));
            Map<Long, ConsumerRecord<byte[], byte[]>> byOffset = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : Records.poll(dlt, count, WAIT)) {
                byOffset.put(DeadLetterHeaders.originalOffset(record.headers()).orElseThrow(), record);
            }
            return byOffset;
        }
    }

    double count(String meter) {
        return meters.find(meter).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        if (cleaner != null) {
            cleaner.close();
        }
        if (storage != null) {
            storage.close();
        }
        producer.close();
    }
}
