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
        assertThatThrownBy(() -> load(Map.of("STORAGE_TYPE", "gcp")))
                .hasMessageStartingWith("storage.type: 'gcp' is not one of [s3, minio, azure, gcs, stow]");
        assertThatThrownBy(() -> load(Map.of("DATAPROXY_UPLOAD_STORAGE_PREFIX", "a/../b")))
                .hasMessageStartingWith("dataproxy.upload.storagePrefix:");
        assertThatThrownBy(() -> load(Map.of("STORAGE_CONNECTION_ENDPOINT", "ftp://x")))
                .hasMessageStartingWith("storage.connection.endpoint:");
    }

    @Test
    void flytesStowConfigForAzureLoads(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("signer.yaml");
        Files.writeString(file, """
                storage:
                  type: stow
                  container: flyte-data
                  stow:
                    kind: azure
                    config: { account: flytestorage, key: c2VjcmV0LWFjY291bnQta2V5 }
                """);
        StorageConfig storage = SignerConfig.load(file, Map.of()).storage();
        assertThat(storage.type()).isEqualTo(StorageConfig.Type.AZURE);
        assertThat(storage.azure().orElseThrow().account()).isEqualTo("flytestorage");
        assertThat(storage.azure().orElseThrow().serviceUrl(storage.endpoint())).hasToString("https://flytestorage.blob.core.windows.net");
        assertThat(storage.toString()).doesNotContain("c2VjcmV0LWFjY291bnQta2V5");
        assertThat(storage.credentials()).as("no S3 keys are asked for").isEmpty();

        StorageConfig byToken = SignerConfig.load(null, Map.of("STORAGE_TYPE", "azure", "STORAGE_CONTAINER", "c",
                "STORAGE_STOW_CONFIG_ACCOUNT", "acct1", "STORAGE_STOW_CONFIG_DOMAIN_SUFFIX", "core.usgovcloudapi.net")).storage();
        assertThat(byToken.azure().orElseThrow().sharedKey()).as("no key: Entra ID, user-delegation SAS").isEmpty();
        assertThat(byToken.azure().orElseThrow().serviceUrl(byToken.endpoint())).hasToString("https://acct1.blob.core.usgovcloudapi.net");
    }

    @Test
    void azureAndGcsErrorsNameTheirKeyWithoutTheSecret() {
        Map<String, String> azure = Map.of("STORAGE_TYPE", "azure", "STORAGE_CONTAINER", "c");
        assertThatThrownBy(() -> SignerConfig.load(null, azure)).hasMessageStartingWith("storage.stow.config.account: is required");
        assertThatThrownBy(() -> SignerConfig.load(null, with(azure, "STORAGE_STOW_CONFIG_ACCOUNT", "Not_An_Account")))
                .hasMessageStartingWith("storage.stow.config.account: 'Not_An_Account' is not a storage account name");
        assertThatThrownBy(() -> SignerConfig.load(null, with(with(azure, "STORAGE_STOW_CONFIG_ACCOUNT", "acct1"),
                "STORAGE_STOW_CONFIG_KEY", "not base64 at all!")))
                .hasMessageStartingWith("storage.stow.config.key: is not an account key").hasMessageNotContaining("not base64 at all!");
        assertThatThrownBy(() -> SignerConfig.load(null, Map.of("STORAGE_TYPE", "stow", "STORAGE_CONTAINER", "c")))
                .hasMessageStartingWith("storage.stow.kind: is required");
        assertThatThrownBy(() -> SignerConfig.load(null, Map.of("STORAGE_TYPE", "stow", "STORAGE_STOW_KIND", "oracle",
                "STORAGE_CONTAINER", "c"))).hasMessageStartingWith("storage.stow.kind: 'oracle' is not one of [azure, google, s3]");
        assertThatThrownBy(() -> SignerConfig.load(null, Map.of("STORAGE_TYPE", "gcs", "STORAGE_CONTAINER", "c",
                "STORAGE_STOW_CONFIG_JSON", "private-key-material"))).hasMessageStartingWith("storage.stow.config.json: is not")
                .hasMessageNotContaining("private-key-material");
    }

    @Test
    void gcsWithoutAKeyUsesTheDefaultCredentials() {
        StorageConfig storage = SignerConfig.load(null, Map.of("STORAGE_TYPE", "stow", "STORAGE_STOW_KIND", "google",
                "STORAGE_CONTAINER", "flyte-data", "STORAGE_STOW_CONFIG_PROJECT_ID", "my-project")).storage();
        assertThat(storage.type()).isEqualTo(StorageConfig.Type.GCS);
        assertThat(storage.gcs().orElseThrow().serviceAccountJson()).isEmpty();
        assertThat(storage.gcs().orElseThrow().projectId()).contains("my-project");
        assertThat(storage.gcs().orElseThrow().scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform");
    }

    @Test
    void aBackendThisBuildDoesNotCarryIsAConfigErrorNamingTheType() {
        StorageConfig storage = SignerConfig.load(null, Map.of("STORAGE_TYPE", "gcs", "STORAGE_CONTAINER", "c")).storage();
        // signer-worker's own class path has neither storage-azure nor storage-gcs
        assertThatThrownBy(() -> io.dataproxy.storage.ObjectStorage.open(storage)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("storage.type: gcs needs the module storage-gcs");
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return more;
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
