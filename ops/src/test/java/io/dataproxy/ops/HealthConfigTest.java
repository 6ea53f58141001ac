package io.dataproxy.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthConfigTest {

    private static HealthConfig load(Map<String, String> env) {
        return HealthConfig.from(LayeredConfig.load("ops-test-defaults.yaml", null, env, Set.of()));
    }

    @Test
    void defaultsAndEnvironment() {
        assertThat(load(Map.of())).isEqualTo(new HealthConfig(true, 8080));
        assertThat(load(Map.of("HEALTH_PORT", "0", "HEALTH_ENABLED", "false"))).isEqualTo(new HealthConfig(false, 0));
    }

    @Test
    void aPortOutOfRangeNamesTheKey() {
        assertThatThrownBy(() -> load(Map.of("HEALTH_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("health.port:");
    }
}
