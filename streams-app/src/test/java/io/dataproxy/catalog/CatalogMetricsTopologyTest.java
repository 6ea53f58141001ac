package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getDataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.DatasetId;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The catalog's own metrics move with what the topology does. */
class CatalogMetricsTopologyTest {

    private final CatalogDriver catalog = new CatalogDriver(CatalogDriver.expiry(Duration.ofSeconds(1), 2));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void commandsByKindAndOutcomeAndWhatATickPurged() {
        catalog.send(DS, createDataset(DS));
        for (String id : new String[] {"a", "b", "c"}) {
            catalog.send(DS, artifact(DS, id).uri("o", "s3://b/" + id).ttl(Duration.ofMillis(500)).create());
        }
        DatasetId absent = DatasetId.newBuilder(DS).setName("absent").build();
        catalog.send(absent, getDataset(absent));

        assertThat(value("commands-total", Map.of("kind", "CreateDataset", "outcome", "OK"))).isEqualTo(1.0);
        assertThat(value("commands-total", Map.of("kind", "CreateArtifact", "outcome", "OK"))).isEqualTo(3.0);
        assertThat(value("commands-total", Map.of("kind", "GetDataset", "outcome", "NOT_FOUND"))).isEqualTo(1.0);

        catalog.advance(Duration.ofSeconds(1)); // one tick: at most 2 of the 3 due
        assertThat(value("artifacts-expired-total", Map.of())).isEqualTo(2.0);
        assertThat(value("expiry-backlog", Map.of())).isEqualTo(1.0);
        assertThat(value("live-artifacts", Map.of())).isEqualTo(1.0);

        catalog.advance(Duration.ofSeconds(1));
        assertThat(value("artifacts-expired-total", Map.of())).isEqualTo(3.0);
        assertThat(value("expiry-backlog", Map.of())).isEqualTo(0.0);
    }

    private double value(String name, Map<String, String> tags) {
        double sum = 0;
        boolean found = false;
        for (Map.Entry<MetricName, ? extends Metric> e : catalog.driver.metrics().entrySet()) {
            MetricName metric = e.getKey();
            if (metric.group().equals(CatalogMetrics.GROUP) && metric.name().equals(name)
                    && metric.tags().entrySet().containsAll(tags.entrySet())) {
                sum += ((Number) e.getValue().metricValue()).doubleValue();
                found = true;
            }
        }
        assertThat(found).as("metric %s %s", name, tags).isTrue();
        return sum;
    }
}
