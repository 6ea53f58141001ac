package io.dataproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigFileOptionTest {

    @Test
    void readsBothForms() {
        assertThat(ConfigFileOption.parse(new String[] {"--config", "a.yaml"})).isEqualTo(Path.of("a.yaml"));
        assertThat(ConfigFileOption.parse(new String[] {"--config=b.yaml"})).isEqualTo(Path.of("b.yaml"));
        assertThat(ConfigFileOption.parse(new String[0])).isNull();
    }

    @Test
    void anythingElseIsAUsageError() {
        assertThatThrownBy(() -> ConfigFileOption.parse(new String[] {"--conf", "a.yaml"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("usage: [--config FILE]");
        assertThatThrownBy(() -> ConfigFileOption.parse(new String[] {"--config"}))
                .isInstanceOf(ConfigException.class);
    }
}
