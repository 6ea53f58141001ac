package io.dataproxy.signer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.config.ConfigException;
import io.dataproxy.storage.StorageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "STORAGE_CONTAINER", "flyte-data", "STORAGE_CONNECTION_ENDPOINT", "http://localhost:9000",
            "STORAGE_CONNECTION_ACCESS_KEY", "minio", "STORAGE_CONNECTION_SECRET_KEY", "minio-secret-123");

    private static SignerConfig load(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.putAll(extra);
        return SignerConfig.load(null, env);
    }

    @Test
    void flyteStyleFileLoads(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("signer.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap.servers: broker:9092
                dataproxy:
                  upload: { maxSize: 100Mi, maxExpiresIn: 1h, defaultFileNameLength: 20, storagePrefix: uploads }
                  download: { maxExpiresIn: 1h }
                storage:
                  type: minio
                  container: flyte-data
                  enable-multicontainer: false
                  connection: { endpoint: http://localhost:9000, auth-type: accesskey, access-key: minio, secret-key: miniostorage, region: us-east-1, disable-ssl: true }
                """);
        SignerConfig config = SignerConfig.load(file, Map.of());
        assertThat(config.upload().maxSize()).isEqualTo(100L << 20);
        assertThat(config.upload().maxExpiresIn()).isEqualTo(Duration.ofHours(1));
        assertThat(config.storage().type()).isEqualTo(StorageConfig.Type.MINIO);
        assertThat(config.storage().allowedContainers()).containsExactly("flyte-data");
        assertThat(config.kafka()).containsEntry("bootstrap.servers", "broker:9092");
        assertThat(config.worker().requestTopic()).isEqualTo("dataproxy.url.requests");
    }

    @Test
    void theDocumentedExampleLoads() {
        SignerConfig config = SignerConfig.load(Path.of("signer.example.yaml"), Map.of("STORAGE_CONNECTION_SECRET_KEY", "x"));
        assertThat(config.storage().type()).isEqualTo(StorageConfig.Type.S3);
        assertThat(config.storage().container()).isEqualTo("flyte-data");
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(load(Map.of()).toString()).doesNotContain("minio-secret-123").contains("secretKey=****");
    }

    @Test
    void containerIsRequired() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.remove("STORAGE_CONTAINER");
        assertThatThrownBy(() -> SignerConfig.load(null, env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("storage.container: is required");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_MAX_SIZE", "lots")))
                .hasMessageStartingWith("dataproxy.upload.maxSize: 'lots' is not a size");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_DOWNLOAD_MAX_EXPIRES_IN", "8 days")))
                .hasMessageStartingWith("dataproxy.download.maxExpiresIn: '8 days' is not a duration");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_DOWNLOAD_MAX_EXPIRES_IN", "8d")))
                .hasMessageStartingWith("dataproxy.download.maxExpiresIn: 8d is out of range");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_MAX_EXPIRES_IN", "200h")))
                .hasMessageStartingWith("dataproxy.upload.maxExpiresIn: 200h is out of range");
        assertThatThrownBy(() -> load(Map.of("STORAGE_TYPE", "gcs")))
                .hasMessageStartingWith("storage.type: 'gcs' is not one of [s3, minio]");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_STORAGE_PREFIX", "a/../b")))
                .hasMessageStartingWith("dataproxy.upload.storagePrefix:");
        assertThatThrownBy(() -> load(Map.of("STORAGE_CONNECTION_ENDPOINT", "ftp://x")))
                .hasMessageStartingWith("storage.connection.endpoint:");
    }

    @Test
    void multicontainerNeedsItsBuckets() {
        assertThatThrownBy(() -> load(Map.of("STORAGE_ENABLE_MULTICONTAINER", "true")))
                .hasMessageStartingWith("storage.allowed-containers:");
        SignerConfig config = load(Map.of("STORAGE_ENABLE_MULTICONTAINER", "true", "STORAGE_ALLOWED_CONTAINERS", "a,b"));
        assertThat(config.storage().allowedContainers()).containsExactlyInAnyOrder("flyte-data", "a", "b");
    }

    @Test
    void minioNeedsAnEndpointAndKeys() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.remove("STORAGE_CONNECTION_ENDPOINT");
        assertThatThrownBy(() -> SignerConfig.load(null, env)).hasMessageStartingWith("storage.connection.endpoint:");
        assertThatThrownBy(() -> load(Map.of("STORAGE_CONNECTION_AUTH_TYPE", "iam")))
                .hasMessageStartingWith("storage.connection.auth-type:");
    }

    @Test
    void endpointWithoutSchemeFollowsDisableSsl() {
        assertThat(load(Map.of("STORAGE_CONNECTION_ENDPOINT", "minio:9000", "STORAGE_CONNECTION_DISABLE_SSL", "true"))
                .storage().endpoint()).hasValueSatisfying(uri -> assertThat(uri.toString()).isEqualTo("http://minio:9000"));
        assertThat(load(Map.of("STORAGE_CONNECTION_ENDPOINT", "minio:9000")).storage().endpoint())
                .hasValueSatisfying(uri -> assertThat(uri.toString()).isEqualTo("https://minio:9000"));
    }

    @Test
    void multipartKeysAreCheckedAgainstS3sBoundsAndTheUploadExpiry() {
        SignerConfig.Multipart defaults = load(Map.of()).upload().multipart();
        assertThat(defaults.partSize()).isEqualTo(64L << 20);
        assertThat(defaults.abandonAfter()).isGreaterThanOrEqualTo(load(Map.of()).upload().maxExpiresIn());
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_MULTIPART_PART_SIZE", "4Mi"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dataproxy.upload.multipart.partSize");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_MULTIPART_PART_SIZE", "6Gi"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dataproxy.upload.multipart.partSize");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_MULTIPART_ABANDON_AFTER", "30m", "DATAPROXY_UPLOAD_MAX_EXPIRES_IN", "1h")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dataproxy.upload.multipart.abandonAfter");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_MULTIPART_MAX_PARTS_PER_REPLY", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dataproxy.upload.multipart.maxPartsPerReply");
    }

    @Test
    void cleanupIsOffByDefault() {
        SignerConfig.Cleanup cleanup = load(Map.of()).cleanup();
        assertThat(cleanup.enabled()).isFalse();
        assertThat(cleanup.eventsTopic()).isEqualTo("catalog.events");
        assertThat(cleanup.groupId()).isEqualTo("dataproxy-cleanup");
        assertThat(cleanup.allowedPrefixes()).isEmpty();
    }

    @Test
    void enabledCleanupNeedsItsPrefixes() {
        assertThatThrownBy(() -> load(Map.of("CLEANUP_ENABLED", "true"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cleanup.allowedPrefixes: must name at least one key prefix")
                .hasMessageContaining("CLEANUP_ALLOWED_PREFIXES");
        SignerConfig.Cleanup cleanup = load(Map.of("CLEANUP_ENABLED", "true", "CLEANUP_ALLOWED_PREFIXES", "uploads/, outputs/"))
                .cleanup();
        assertThat(cleanup.enabled()).isTrue();
        assertThat(cleanup.allowedPrefixes()).containsExactly("uploads/", "outputs/");
    }

    @Test
    void cleanupPrefixesArePlainKeyPrefixes() {
        for (String bad : new String[] {"/uploads/", "uploads/../", "./uploads", "a\\b"}) {
            assertThatThrownBy(() -> load(Map.of("CLEANUP_ENABLED", "true", "CLEANUP_ALLOWED_PREFIXES", bad)))
                    .as(bad).hasMessageStartingWith("cleanup.allowedPrefixes: '" + bad + "' is not a plain key prefix");
        }
    }

    @Test
    void cleanupKeysLoadFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("signer.yaml");
        Files.writeString(file, """
                cleanup:
                  enabled: true
                  eventsTopic: prod.catalog.events
                  allowedPrefixes: [uploads/, outputs/]
                """);
        Map<String, String> env = new HashMap<>(MINIMAL);
        SignerConfig.Cleanup cleanup = SignerConfig.load(file, env).cleanup();
        assertThat(cleanup.eventsTopic()).isEqualTo("prod.catalog.events");
        assertThat(cleanup.allowedPrefixes()).containsExactly("uploads/", "outputs/");
    }

    @Test
    void repliesGoOnlyToTheirOwnTopicUnlessAllowed() {
        SignerConfig config = load(Map.of());
        assertThat(config.worker().allowedReplyTopics()).isEmpty();
        assertThat(config.worker().allowedReplyTopicPrefixes()).isEmpty();
        assertThat(config.worker().replyTopics().describe()).isEqualTo("dataproxy.url.replies");
        assertThat(config.upload().requireContentLength()).as("every upload URL bounded by default").isTrue();
    }

    @Test
    void allowedReplyTopicsAndPrefixesLoad() {
        SignerConfig config = load(Map.of("SIGNER_ALLOWED_REPLY_TOPICS", "team-a.replies, team_b-replies",
                "SIGNER_ALLOWED_REPLY_TOPIC_PREFIXES", "dataproxy.url.replies."));
        assertThat(config.worker().allowedReplyTopics()).containsExactly("team-a.replies", "team_b-replies");
        assertThat(config.worker().allowedReplyTopicPrefixes()).containsExactly("dataproxy.url.replies.");
    }

    @Test
    void allowedReplyTopicsMustBeTopicNames() {
        for (String bad : new String[] {"with space", "..", ".", "a/b", "x".repeat(250), "catalog\u0000events", "bidi\u202Eevents"}) {
            assertThatThrownBy(() -> load(Map.of("SIGNER_ALLOWED_REPLY_TOPICS", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("signer.allowedReplyTopics");
        }
        for (String bad : new String[] {"with space", "a/b", "x".repeat(249), "é"}) {
            assertThatThrownBy(() -> load(Map.of("SIGNER_ALLOWED_REPLY_TOPIC_PREFIXES", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("signer.allowedReplyTopicPrefixes");
        }
    }

    @Test
    void repliesCanNeverBeWrittenToTheRequestTopic() {
        assertThatThrownBy(() -> load(Map.of("SIGNER_REPLY_TOPIC", "dataproxy.url.requests")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("signer.replyTopic");
        assertThatThrownBy(() -> load(Map.of("SIGNER_ALLOWED_REPLY_TOPICS", "a, dataproxy.url.requests")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("signer.allowedReplyTopics");
        assertThatThrownBy(() -> load(Map.of("SIGNER_ALLOWED_REPLY_TOPIC_PREFIXES", "dataproxy.url.")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("signer.allowedReplyTopicPrefixes")
                .hasMessageContaining("longer prefix");
        assertThat(load(Map.of("SIGNER_ALLOWED_REPLY_TOPIC_PREFIXES", "dataproxy.url.replies.")).worker()
                .allowedReplyTopicPrefixes()).containsExactly("dataproxy.url.replies.");
    }

    @Test
    void anEmptyPrefixIsNeverAllowEverything(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("signer.yaml");
        Files.writeString(file, """
                signer:
                  allowedReplyTopicPrefixes: ["", "  "]
                storage: { container: flyte-data, connection: { endpoint: http://localhost:9000, access-key: a, secret-key: b } }
                """);
        SignerConfig config = SignerConfig.load(file, Map.of());
        assertThat(config.worker().allowedReplyTopicPrefixes()).isEmpty();
        assertThat(config.worker().replyTopics().describe()).isEqualTo("dataproxy.url.replies");
    }
}
