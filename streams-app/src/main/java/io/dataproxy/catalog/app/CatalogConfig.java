package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.catalog.ReplyBudget;
import io.dataproxy.catalog.query.ReadConfig;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import io.dataproxy.ops.HealthConfig;
import io.dataproxy.wire.TopicProvisioning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The catalog app's configuration: every key in {@code catalog-defaults.yaml}, typed and validated at
 * start. {@link #settings()} is what the topology is built from; {@link #streamsProperties()} is what
 * Kafka Streams runs with.
 */
public record CatalogConfig(Map<String, String> kafka, CatalogSettings settings, Optional<Path> stateDir,
                            Duration shutdownTimeout, HealthConfig health, long rocksDbBlockCacheSize,
                            long rocksDbWriteBufferSize, TopicProvisioning.Creation topics, ReadConfig read) {

    /** Tells the dead-letter handler where error replies go by default (a Streams config passes through to handlers). */
    static final String DEFAULT_REPLY_TOPIC_CONFIG = "dataproxy.catalog.replies.topic";
    /** The other reply topics the handlers may write to, comma-separated ({@code catalog.allowedReplyTopics}). */
    static final String ALLOWED_REPLY_TOPICS_CONFIG = "dataproxy.catalog.replies.allowed";
    /** The reply topic prefixes they may write to, comma-separated ({@code catalog.allowedReplyTopicPrefixes}). */
    static final String ALLOWED_REPLY_TOPIC_PREFIXES_CONFIG = "dataproxy.catalog.replies.allowedPrefixes";
    /** The commands topic, whose {@code -dlt} the handlers write to. */
    static final String COMMANDS_TOPIC_CONFIG = "dataproxy.catalog.commands.topic";
    /** The producer's {@code max.request.size}, as the catalog read it. */
    static final String MAX_REQUEST_SIZE_CONFIG = "dataproxy.catalog.maxRequestSize";
    /** A {@link io.dataproxy.catalog.TopicLimits} object the app puts in the Streams config for the handlers. */
    static final String TOPIC_LIMITS_CONFIG = "dataproxy.catalog.topicLimits";

    public static CatalogConfig load(Path file, Map<String, String> env) {
        return from(LayeredConfig.load("catalog-defaults.yaml", file, env, Set.of("kafka")));
    }

    static CatalogConfig from(LayeredConfig c) {
        Map<String, String> kafka = Map.copyOf(c.passThrough("kafka"));
        for (String required : new String[] {StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG}) {
            if (kafka.getOrDefault(required, "").isBlank()) {
                throw new ConfigException("kafka." + required, "is required; set it in the config file or with "
                        + "KAFKA_" + required.toUpperCase().replace('.', '_'));
            }
        }
        CatalogSettings settings = new CatalogSettings(
                c.string("catalog.commandsTopic"),
                c.string("catalog.repliesTopic"),
                c.string("catalog.eventsTopic"),
                c.string("catalog.datasetsTopic"),
                c.positiveDuration("catalog.expiry.interval"),
                c.integer("catalog.expiry.maxPerTick", 1, 1_000_000),
                c.positiveDuration("catalog.reservation.maxHeartbeat"),
                c.integer("catalog.reservation.gracePeriodMultiplier", 1, 100),
                c.positiveBytes("catalog.artifact.maxInlineBytes"),
                kafka,
                c.nonNegativeDuration("catalog.uriRelease.grace"), // zero: released on the next tick
                c.positiveBytes("catalog.artifact.maxBytes"),
                Set.copyOf(c.strings("catalog.allowedReplyTopics")),
                c.strings("catalog.allowedReplyTopicPrefixes"),
                maxRequestSize(kafka),
                c.integer("catalog.list.scanBudget", 1, 10_000_000));
        ReplyTopicsConfig.validate(settings);
        List<ReplyBudget.Problem> limits = ReplyBudget.problems(settings, Map.of()); // the topics' limits: at start-up
        if (!limits.isEmpty()) {
            throw new ConfigException(limits.get(0).key(), limits.get(0).sentence());
        }
        return new CatalogConfig(kafka, settings, c.optionalString("catalog.stateDir").map(Path::of),
                c.positiveDuration("catalog.shutdownTimeout"), HealthConfig.from(c),
                c.positiveBytes("catalog.rocksdb.blockCacheSize"), c.positiveBytes("catalog.rocksdb.writeBufferSize"),
                topicCreation(c), ReadConfig.from(c));
    }

    /** {@code topics.*}: whether to create missing topics at start-up, and how. */
    static TopicProvisioning.Creation topicCreation(LayeredConfig c) {
        int replicationFactor = c.integer("topics.replicationFactor", -1, 32);
        if (replicationFactor == 0) {
            throw new ConfigException("topics.replicationFactor", "must be -1 (the broker's default.replication.factor) or 1..32");
        }
        return new TopicProvisioning.Creation(c.bool("topics.create"), c.integer("topics.partitions", 1, 10_000),
                (short) replicationFactor);
    }

    /** The Streams producer's {@code max.request.size}: {@code kafka.producer.max.request.size}, else {@code kafka.max.request.size}. */
    static int maxRequestSize(Map<String, String> kafka) {
        String key = kafka.containsKey("producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG)
                ? "producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG : ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
        String value = kafka.get(key);
        if (value == null) {
            return CatalogSettings.DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            int size = Integer.parseInt(value.trim());
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wrong
        }
        throw new ConfigException("kafka." + key, "must be a positive number of bytes, was '" + value + "'");
    }

    /** Kafka Streams' properties: the pass-through {@code kafka.*} keys plus what the app itself needs. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        stateDir.ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CommandDeadLetters.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionDeadLetters.class.getName());
        props.put(DEFAULT_REPLY_TOPIC_CONFIG, settings.repliesTopic());
        props.put(ALLOWED_REPLY_TOPICS_CONFIG, String.join(",", settings.allowedReplyTopics()));
        props.put(ALLOWED_REPLY_TOPIC_PREFIXES_CONFIG, String.join(",", settings.allowedReplyTopicPrefixes()));
        props.put(COMMANDS_TOPIC_CONFIG, settings.commandsTopic());
        props.put(MAX_REQUEST_SIZE_CONFIG, Integer.toString(settings.maxRequestSize()));
        // RocksDB memory bounded and shared by all the instance's stores (unless kafka.rocksdb.config.setter names another)
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        props.put(BoundedRocksDbMemory.BLOCK_CACHE_SIZE_CONFIG, rocksDbBlockCacheSize);
        props.put(BoundedRocksDbMemory.WRITE_BUFFER_SIZE_CONFIG, rocksDbWriteBufferSize);
        return props;
    }

    public String applicationId() {
        return kafka.get(StreamsConfig.APPLICATION_ID_CONFIG);
    }
}
