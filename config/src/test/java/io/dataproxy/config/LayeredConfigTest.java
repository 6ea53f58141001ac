package io.dataproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

    @TempDir
    Path dir;

    private LayeredConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = null;
        if (yaml != null) {
            file = dir.resolve("config.yaml");
            Files.writeString(file, yaml);
        }
        return LayeredConfig.load("test-defaults.yaml", file, env, Set.of("kafka"));
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() throws IOException {
        LayeredConfig config = load(null, Map.of());
        assertThat(config.bytes("upload.maxSize")).isEqualTo(100L << 20);
        assertThat(config.duration("upload.maxExpiresIn")).isEqualTo(Duration.ofHours(1));
        assertThat(config.optionalString("storage.container")).isEmpty();
        assertThat(config.strings("storage.allowed-containers")).isEmpty();
        assertThat(config.passThrough("kafka")).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        LayeredConfig config = load("""
                service: { maxInFlight: 7 }
                upload: { maxSize: 1Gi }
                storage: { container: from-file, allowed-containers: [a, b] }
                kafka:
                  bootstrap: { servers: "broker:9092" }
                  acks: all
                """, Map.of(
                "UPLOAD_MAX_SIZE", "5Mi",
                "STORAGE_CONNECTION_SECRET_KEY", "s3cr3t",
                "SERVICE_REQUEST_TOPIC", "env-topic",
                "KAFKA_SASL_MECHANISM", "PLAIN"));
        assertThat(config.integer("service.maxInFlight", 1, 10)).isEqualTo(7);
        assertThat(config.bytes("upload.maxSize")).isEqualTo(5L << 20);
        assertThat(config.string("service.requestTopic")).isEqualTo("env-topic");
        assertThat(config.string("storage.container")).isEqualTo("from-file");
        assertThat(config.strings("storage.allowed-containers")).containsExactly("a", "b");
        assertThat(config.string("storage.connection.secret-key")).isEqualTo("s3cr3t");
        assertThat(config.passThrough("kafka")).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("acks", "all").containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void environmentListsAreCommaSeparated() throws IOException {
        LayeredConfig config = load(null, Map.of("STORAGE_ALLOWED_CONTAINERS", "x, y,,z"));
        assertThat(config.strings("storage.allowed-containers")).containsExactly("x", "y", "z");
    }

    @Test
    void aTypoInTheFileIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> load("upload: { maxsize: 1Gi }", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("upload.maxsize: is not a known key")
                .hasMessageContaining("maxSize");
    }

    @Test
    void aBadValueIsAnErrorNamingTheKey() throws IOException {
        LayeredConfig config = load(null, Map.of("SERVICE_MAX_IN_FLIGHT", "lots", "SERVICE_ENABLED", "yes"));
        assertThatThrownBy(() -> config.integer("service.maxInFlight", 1, 10))
                .hasMessageStartingWith("service.maxInFlight: 'lots' is not a whole number");
        assertThatThrownBy(() -> config.bool("service.enabled"))
                .hasMessageStartingWith("service.enabled: 'yes' is not a boolean");
        assertThatThrownBy(() -> config.string("storage.container"))
                .hasMessageStartingWith("storage.container: is required")
                .hasMessageContaining("STORAGE_CONTAINER");
    }

    @Test
    void invalidYamlNamesTheFileNotItsContent() {
        assertThatThrownBy(() -> load("storage: { connection: { secret-key: hunter2 ", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid YAML")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void environmentNamesSplitCamelAndKebabCase() {
        assertThat(LayeredConfig.envName("dataproxy.upload.maxExpiresIn")).isEqualTo("DATAPROXY_UPLOAD_MAX_EXPIRES_IN");
        assertThat(LayeredConfig.envName("storage.enable-multicontainer")).isEqualTo("STORAGE_ENABLE_MULTICONTAINER");
        assertThat(LayeredConfig.envName("storage.connection.auth-type")).isEqualTo("STORAGE_CONNECTION_AUTH_TYPE");
    }
}
