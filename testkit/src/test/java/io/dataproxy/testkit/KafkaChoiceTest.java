package io.dataproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaChoiceTest {

    @Test
    void embeddedIsTheDefault() {
        assertThat(KafkaChoice.parse(null)).isEqualTo(KafkaChoice.EMBEDDED);
        assertThat(KafkaChoice.parse(" ")).isEqualTo(KafkaChoice.EMBEDDED);
    }

    @Test
    void readsBothChoicesCaseInsensitively() {
        assertThat(KafkaChoice.parse("Embedded")).isEqualTo(KafkaChoice.EMBEDDED);
        assertThat(KafkaChoice.parse("TESTCONTAINERS")).isEqualTo(KafkaChoice.TESTCONTAINERS);
    }

    @Test
    void rejectsAnythingElseNamingTheSwitch() {
        assertThatThrownBy(() -> KafkaChoice.parse("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataproxy.test.kafka")
                .hasMessageContaining("docker");
    }
}
