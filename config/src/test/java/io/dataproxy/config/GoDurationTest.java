package io.dataproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "1h, PT1H", "90s, PT1M30S", "1h30m, PT1H30M", "1.5h, PT1H30M", "250ms, PT0.25S",
            "0, PT0S", "2h45m30.5s, PT2H45M30.5S", "1us, PT0.000001S", "1µs, PT0.000001S", "3ns, PT0.000000003S",
            "-5m, PT-5M", ".5s, PT0.5S", "7d, PT168H", "1d12h, PT36H", "0.5d, PT12H"})
    void parsesGoDurations(String text, String iso) {
        assertThat(GoDuration.parse("k", text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "h", "d", "1D", "1h 30m", "1H", "1.5.5s", "s1", "1hx", "7days"})
    void refusesWhatGoWouldRefuse(String text) {
        assertThatThrownBy(() -> GoDuration.parse("dataproxy.upload.maxExpiresIn", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dataproxy.upload.maxExpiresIn: ")
                .hasMessageContaining("1h30m");
    }

    @org.junit.jupiter.api.Test
    void aDurationTooLongForJavaIsRefusedNotThrown() {
        assertThatThrownBy(() -> GoDuration.parse("ttl", "999999999d")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ttl: ").hasMessageContaining("too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h", "90s", "1h30m", "250ms", "1h0m5s", "45m"})
    void formatIsReadBackAsTheSameDuration(String text) {
        Duration d = GoDuration.parse("k", text);
        assertThat(GoDuration.parse("k", GoDuration.format(d))).isEqualTo(d);
    }
}
