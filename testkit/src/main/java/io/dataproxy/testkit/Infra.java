package io.dataproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.dataproxy.registry.local.LocalSchemaRegistry;
import io.dataproxy.sandbox.EmbeddedS3;
import io.dataproxy.sandbox.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The infrastructure shared by every integration test in the JVM: a Kafka broker, an S3-API server with SigV4
 * auth and a schema registry. Obtain it through {@link DataproxyInfraExtension}; it is stopped at the end of
 * the run, never by a test.
 *
 * <p>Tests share one broker, so each test names its topics and consumer groups with {@link #uniqueName}.
 */
public final class Infra {

    static final String S3_ACCESS_KEY = "dataproxy-test";
    static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    private final KafkaBroker broker;
    private final EmbeddedS3 s3;
    private final LocalSchemaRegistry registry;
    private final Admin admin;
    private final AtomicLong names = new AtomicLong();
    private final String runId = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));

    private Infra(KafkaBroker broker, EmbeddedS3 s3, LocalSchemaRegistry registry) {
        this.broker = broker;
        this.s3 = s3;
        this.registry = registry;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static Infra start(KafkaChoice choice) {
        KafkaBroker broker = KafkaBroker.start(choice);
        EmbeddedS3 s3 = null;
        try {
            s3 = EmbeddedS3.start(null, 0, S3_ACCESS_KEY, UUID.randomUUID().toString());
            LocalSchemaRegistry registry =
                    LocalSchemaRegistry.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
            return new Infra(broker, s3, registry);
        } catch (IOException e) {
            stopS3AndBroker(broker, s3);
            throw new UncheckedIOException("Schema registry did not start", e);
        } catch (RuntimeException e) {
            stopS3AndBroker(broker, s3);
            throw e;
        }
    }

    private static void stopS3AndBroker(KafkaBroker broker, EmbeddedS3 s3) {
        try {
            if (s3 != null) {
                s3.close();
            }
        } finally {
            broker.close();
        }
    }

    void stop() {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            try {
                registry.close();
            } finally {
                stopS3AndBroker(broker, s3);
            }
        }
    }

    // --- Kafka

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A shared admin client; do not close it. */
    public Admin admin() {
        return admin;
    }

    /** Creates the topics (one replica) unless they exist, and returns once every partition has a leader. */
    public void createTopics(int partitions, String... names) {
        Topics.create(admin, partitions, names);
    }

    /** As {@link #createTopics(int, String...)}, each new topic with {@code configs}. */
    public void createTopics(int partitions, Map<String, String> configs, String... names) {
        Topics.create(admin, partitions, configs, names);
    }

    /** {@code prefix-<n>-<run>}: unique within the run, valid as a topic name, group id or transactional id. */
    public String uniqueName(String prefix) {
        return prefix + "-" + names.incrementAndGet() + "-" + runId;
    }

    /** Properties every Kafka client of the services needs: {@code bootstrap.servers} and {@code schema.registry.url}. */
    public Map<String, Object> kafkaClientProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(SCHEMA_REGISTRY_URL_CONFIG, registryUrl().toString());
        return props;
    }

    // byte[] clients never talk to the registry; passing its URL would only earn an "unused config" log line.
    private Map<String, Object> bootstrapOnly() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** A new byte[] producer; the caller closes it. */
    public KafkaProducer<byte[], byte[]> bytesProducer() {
        return bytesProducer(Map.of());
    }

    /** A new byte[] producer with {@code overrides} applied last; the caller closes it. */
    public KafkaProducer<byte[], byte[]> bytesProducer(Map<String, Object> overrides) {
        Map<String, Object> props = bootstrapOnly();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    /**
     * A new byte[] consumer in {@code groupId} that starts at the earliest offset and reads only committed
     * records (the services write transactionally); the caller subscribes and closes it.
     */
    public KafkaConsumer<byte[], byte[]> bytesConsumer(String groupId) {
        return bytesConsumer(groupId, Map.of());
    }

    /** As {@link #bytesConsumer(String)}, with {@code overrides} applied last. */
    public KafkaConsumer<byte[], byte[]> bytesConsumer(String groupId, Map<String, Object> overrides) {
        Map<String, Object> props = bootstrapOnly();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    // --- S3

    /** {@code http://127.0.0.1:<port>}; use path-style addressing. */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return s3.accessKey();
    }

    public String s3SecretKey() {
        return s3.secretKey();
    }

    public String s3Region() {
        return s3.region();
    }

    /** Direct access to the store, for creating buckets and planting or inspecting objects. */
    public EmbeddedS3 s3() {
        return s3;
    }

    // --- Schema registry

    /** The in-process Confluent-API-compatible registry ({@code http://127.0.0.1:<port>}), in memory. */
    public URI registryUrl() {
        return registry.url();
    }
}
