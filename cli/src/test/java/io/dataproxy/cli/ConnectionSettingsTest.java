package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsPointAtTheSandbox() {
        ConnectionSettings settings = ConnectionSettings.resolve(null, null, null, null, Map.of(), dir.resolve("absent"));
        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("cli.properties"), """
                bootstrap.servers=file:9092
                schema.registry.url=http://file:8081
                timeout=5s
                kafka.security.protocol=SASL_SSL
                upload.multipart-threshold=1Gi
                """);
        Map<String, String> env = Map.of("DATAPROXY_BOOTSTRAP_SERVERS", "env:9092", "DATAPROXY_CONFIG", file.toString());

        ConnectionSettings fromEnv = ConnectionSettings.resolve(null, null, null, null, env, dir.resolve("absent"));
        assertThat(fromEnv.bootstrapServers()).isEqualTo("env:9092");
        assertThat(fromEnv.schemaRegistryUrl()).isEqualTo("http://file:8081");
        assertThat(fromEnv.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromEnv.kafkaProps()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "env:9092").doesNotContainKey("upload.multipart-threshold");
        assertThat(fromEnv.upload()).containsExactly(Map.entry("multipart-threshold", "1Gi"));

        ConnectionSettings fromFlags = ConnectionSettings.resolve("flag:9092", null, "1m", null, env, dir.resolve("absent"));
        assertThat(fromFlags.bootstrapServers()).isEqualTo("flag:9092");
        assertThat(fromFlags.timeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theDefaultFileIsReadWhenPresentAndANamedFileMustExist() throws Exception {
        Path defaultFile = Files.writeString(dir.resolve("default.properties"), "bootstrap.servers=default-file:9092\n");
        assertThat(ConnectionSettings.resolve(null, null, null, null, Map.of(), defaultFile).bootstrapServers())
                .isEqualTo("default-file:9092");
        assertThatThrownBy(() -> ConnectionSettings.resolve(null, null, null, dir.resolve("missing.properties"), Map.of(), defaultFile))
                .isInstanceOf(CliFailure.class).hasMessageContaining("missing.properties does not exist");
    }
}
