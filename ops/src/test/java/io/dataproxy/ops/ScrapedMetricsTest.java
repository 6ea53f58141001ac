package io.dataproxy.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapedMetricsTest {

    @Test
    void readsNamesLabelsAndValues() {
        ScrapedMetrics m = ScrapedMetrics.parse("""
                # HELP x_total things
                # TYPE x_total counter
                x_total{kind="upload",outcome="ok"} 2.0
                x_total{kind="download",outcome="NOT_FOUND"} 1.0
                y{path="a\\"b,c=d"} 7
                z 1.5e3
                """);
        assertThat(m.count("x_total", Map.of())).isEqualTo(3.0);
        assertThat(m.count("x_total", Map.of("kind", "upload"))).isEqualTo(2.0);
        assertThat(m.count("x_total", Map.of("kind", "nothing"))).isZero();
        assertThat(m.sum("y", Map.of("path", "a\"b,c=d"))).hasValue(7.0);
        assertThat(m.sum("z", Map.of())).hasValue(1500.0);
        assertThat(m.sum("missing", Map.of())).isEmpty();
    }
}
