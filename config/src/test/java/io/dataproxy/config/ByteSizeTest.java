package io.dataproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0", "1048576, 1048576", "100Mi, 104857600", "1Gi, 1073741824", "500M, 500000000",
            "1k, 1000", "1Ki, 1024", "1.5Gi, 1610612736", "2Ti, 2199023255552", "7Ei, 8070450532247928832"})
    void parsesQuantities(String text, long bytes) {
        assertThat(ByteSize.parse("k", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Mi", "-1", "10Q", "10mi", "1.5", "0.1k0", "10 MB", "8Ei", "abc"})
    void refusesWhatIsNotAWholeSize(String text) {
        assertThatThrownBy(() -> ByteSize.parse("dataproxy.upload.maxSize", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("dataproxy.upload.maxSize: ")
                .hasMessageContaining("100Mi");
    }
}
