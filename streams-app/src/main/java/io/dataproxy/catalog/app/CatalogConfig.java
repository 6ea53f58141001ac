package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import io.dataproxy.ops.HealthConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The catalog app's configuration: every key in {@code catalog-defaults.yaml}, typed and validated at
 * start. {@link #settings()} is what the topology is built from; {@link #streamsProperties()} is what
 * Kafka Streams runs with.
 */
public record CatalogConfig(Map<String, String> kafka, CatalogSettings settings, Optional<Path> stateDir,
                            Duration shutdownTimeout, HealthConfig health, long rocksDbBlockCacheSize,
                            long rocksDbWriteBufferSize) {

    /** Tells the dead-letter handler where error replies go by default (a Streams config passes through to handlers). */
    static final String DEFAULT_REPLY_TOPIC_CONFIG = "dataproxy.catalog.replies.topic";

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
                c.nonNegativeDuration("catalog.uriRelease.grace")); // zero: released on the next tick
        return new CatalogConfig(kafka, settings, c.optionalString("catalog.stateDir").map(Path::of),
                c.positiveDuration("catalog.shutdownTimeout"), HealthConfig.from(c),
                c.positiveBytes("catalog.rocksdb.blockCacheSize"), c.positiveBytes("catalog.rocksdb.writeBufferSize"));
    }

    /** Kafka Streams' properties: the pass-through {@code kafka.*} keys plus what the app itself needs. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.putAll(kafka);
        stateDir.ifPresent(dir -> props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString()));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CommandDeadLetters.class.getName());
        props.put(DEFAULT_REPLY_TOPIC_CONFIG, settings.repliesTopic());
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
