package io.dataproxy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks shared by the bench tests. */
final class BenchAssertions {

    private BenchAssertions() {
    }

    /** {@code latency_ms} recorded {@code count} replies, with ordered percentiles. */
    static void assertLatencies(JsonNode latency, long count) {
        assertThat(latency.get("count").asLong()).as(latency.toString()).isEqualTo(count);
        double p50 = latency.get("p50").asDouble();
        double p90 = latency.get("p90").asDouble();
        double p99 = latency.get("p99").asDouble();
        double p999 = latency.get("p99_9").asDouble();
        double max = latency.get("max").asDouble();
        assertThat(p50).as(latency.toString()).isPositive();
        assertThat(p90).as(latency.toString()).isGreaterThanOrEqualTo(p50);
        assertThat(p99).as(latency.toString()).isGreaterThanOrEqualTo(p90);
        assertThat(p999).as(latency.toString()).isGreaterThanOrEqualTo(p99);
        assertThat(max).as(latency.toString()).isGreaterThanOrEqualTo(p999);
    }
}
