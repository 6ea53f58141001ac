package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class CatalogConfigTest {

    @Test
    void defaultsFollowCatalogMd() {
        CatalogConfig config = CatalogConfig.load(null, Map.of());
        assertThat(config.settings().expiryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.settings().expiryMaxPerTick()).isEqualTo(10_000);
        assertThat(config.settings().maxHeartbeat()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.settings().gracePeriodMultiplier()).isEqualTo(3);
        assertThat(config.settings().commandsTopic()).isEqualTo("catalog.commands");
        assertThat(config.stateDir()).isEmpty();
        assertThat(config.settings().releaseGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theReleaseGraceMayBeZero() {
        assertThat(CatalogConfig.load(null, Map.of("CATALOG_URI_RELEASE_GRACE", "500ms")).settings().releaseGrace())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(CatalogConfig.load(null, Map.of("CATALOG_URI_RELEASE_GRACE", "0s")).settings().releaseGrace()).isZero();
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_URI_RELEASE_GRACE", "-1s")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.uriRelease.grace:");
    }

    @Test
    void theListScanBudgetIsAPositiveCount() {
        assertThat(CatalogConfig.load(null, Map.of()).settings().listScanBudget()).isEqualTo(10_000);
        assertThat(CatalogConfig.load(null, Map.of("CATALOG_LIST_SCAN_BUDGET", "50")).settings().listScanBudget()).isEqualTo(50);
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_LIST_SCAN_BUDGET", "0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.list.scanBudget:");
    }

    @Test
    void theReadPathIsOffByDefaultAndItsKeysAreChecked() {
        assertThat(CatalogConfig.load(null, Map.of()).read().enabled()).isFalse();
        var read = CatalogConfig.load(null, Map.of("CATALOG_READ_ENABLED", "true", "CATALOG_READ_PORT", "0",
                "CATALOG_READ_ADVERTISED_HOST", "catalog-0.catalog-headless", "CATALOG_READ_MAX_WAIT", "2s")).read();
        assertThat(read.enabled()).isTrue();
        assertThat(read.port()).isZero();
        assertThat(read.advertisedHost()).contains("catalog-0.catalog-headless");
        assertThat(read.maxWait()).isEqualTo(Duration.ofSeconds(2));
        assertThat(read.maxConnections()).as("the default").isEqualTo(1024);
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_READ_PORT", "65536")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.read.port:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_READ_ADVERTISED_HOST", "http://catalog:8090")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.read.advertisedHost:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_READ_MAX_WAIT", "2m")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.read.maxWait:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_READ_THREADS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.read.threads:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_READ_MAX_CONNECTIONS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.read.maxConnections:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_READ_ENABLED", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.read.enabled:");
    }

    @Test
    void streamsRunExactlyOnceWithTheDeadLetterHandler() {
        Properties props = CatalogConfig.load(null, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "CATALOG_STATE_DIR", "/var/lib/catalog",
                "CATALOG_REPLIES_TOPIC", "my.replies")).streamsProperties();
        assertThat(props).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "dataproxy-catalog")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("/var/lib/catalog").toString())
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, CommandDeadLetters.class.getName())
                .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionDeadLetters.class.getName())
                .containsEntry(CatalogConfig.DEFAULT_REPLY_TOPIC_CONFIG, "my.replies");
    }

    @Test
    void rocksDbMemoryIsBoundedBySharedCacheAndWriteBuffers() {
        Properties defaults = CatalogConfig.load(null, Map.of()).streamsProperties();
        assertThat(defaults).containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName())
                .containsEntry(BoundedRocksDbMemory.BLOCK_CACHE_SIZE_CONFIG, 64L << 20)
                .containsEntry(BoundedRocksDbMemory.WRITE_BUFFER_SIZE_CONFIG, 32L << 20);

        Properties tuned = CatalogConfig.load(null, Map.of("CATALOG_ROCKSDB_BLOCK_CACHE_SIZE", "256Mi",
                "CATALOG_ROCKSDB_WRITE_BUFFER_SIZE", "16Mi")).streamsProperties();
        assertThat(tuned).containsEntry(BoundedRocksDbMemory.BLOCK_CACHE_SIZE_CONFIG, 256L << 20)
                .containsEntry(BoundedRocksDbMemory.WRITE_BUFFER_SIZE_CONFIG, 16L << 20);
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ROCKSDB_BLOCK_CACHE_SIZE", "0")))
                .hasMessageStartingWith("catalog.rocksdb.blockCacheSize:");
    }

    @Test
    void replyTopicsAreAllowedByNameAndPrefixButNeverTheCatalogsOwn() {
        CatalogConfig config = CatalogConfig.load(null, Map.of("CATALOG_ALLOWED_REPLY_TOPICS", "flyte.replies, team-a.replies",
                "CATALOG_ALLOWED_REPLY_TOPIC_PREFIXES", "catalog.replies."));
        assertThat(config.settings().allowedReplyTopics()).containsExactlyInAnyOrder("flyte.replies", "team-a.replies");
        assertThat(config.settings().allowedReplyTopicPrefixes()).containsExactly("catalog.replies.");
        assertThat(CatalogConfig.load(null, Map.of()).settings().allowedReplyTopics()).as("default: only repliesTopic").isEmpty();
        assertThat(CatalogConfig.load(null, Map.of()).settings().allowedReplyTopicPrefixes()).isEmpty();

        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ALLOWED_REPLY_TOPICS", "catalog.events")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.allowedReplyTopics: 'catalog.events'");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ALLOWED_REPLY_TOPICS", "catalog.commands-dlt")))
                .hasMessageStartingWith("catalog.allowedReplyTopics:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ALLOWED_REPLY_TOPICS", "bad name")))
                .hasMessageStartingWith("catalog.allowedReplyTopics: 'bad name' is not a valid topic name");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ALLOWED_REPLY_TOPIC_PREFIXES", "catalog.")))
                .hasMessageStartingWith("catalog.allowedReplyTopicPrefixes: 'catalog.' would allow catalog.commands");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ALLOWED_REPLY_TOPIC_PREFIXES", "a/b")))
                .hasMessageStartingWith("catalog.allowedReplyTopicPrefixes:");
    }

    @Test
    void theSizeLimitsMustFitEachOther() {
        CatalogConfig defaults = CatalogConfig.load(null, Map.of());
        assertThat(defaults.settings().maxArtifactBytes()).isEqualTo(1000L << 10);
        assertThat(defaults.settings().maxInlineBytes()).isEqualTo(960L << 10);
        assertThat(defaults.settings().maxRequestSize()).isEqualTo(1_048_576);

        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ARTIFACT_MAX_INLINE_BYTES", "1001Ki")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.artifact.maxInlineBytes:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ARTIFACT_MAX_BYTES", "1Mi")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.artifact.maxBytes:")
                .hasMessageContaining("max.request.size");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("KAFKA_MAX_REQUEST_SIZE", "500000")))
                .hasMessageStartingWith("catalog.artifact.maxBytes:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("KAFKA_MAX_REQUEST_SIZE", "lots")))
                .hasMessageStartingWith("kafka.max.request.size: must be a positive number");

        CatalogConfig bigger = CatalogConfig.load(null, Map.of("KAFKA_MAX_REQUEST_SIZE", "4194304", "CATALOG_ARTIFACT_MAX_BYTES", "4000Ki",
                "CATALOG_ARTIFACT_MAX_INLINE_BYTES", "3Mi"));
        assertThat(bigger.settings().maxRequestSize()).isEqualTo(4_194_304);
        assertThat(bigger.settings().maxArtifactBytes()).isEqualTo(4000L << 10);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_EXPIRY_INTERVAL", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("catalog.expiry.interval: 'soon' is not a duration");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_EXPIRY_MAX_PER_TICK", "0")))
                .hasMessageStartingWith("catalog.expiry.maxPerTick: 0 is out of range");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("CATALOG_ARTIFACT_MAX_INLINE_BYTES", "1Qi")))
                .hasMessageStartingWith("catalog.artifact.maxInlineBytes:");
        assertThatThrownBy(() -> CatalogConfig.load(null, Map.of("KAFKA_APPLICATION_ID", "")))
                .hasMessageStartingWith("kafka.application.id: is required");
    }
}
