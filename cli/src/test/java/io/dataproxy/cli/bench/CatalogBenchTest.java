package io.dataproxy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.cli.Cli;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.bench.BenchServicesExtension.Catalog;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code dataproxy bench catalog} against a real broker and a real catalog app (on its own topics). */
@ExtendWith({DataproxyInfraExtension.class, BenchServicesExtension.class})
class CatalogBenchTest {

    private final Infra infra;
    private final Catalog catalog;

    CatalogBenchTest(Infra infra, Catalog catalog) {
        this.infra = infra;
        this.catalog = catalog;
    }

    @Test
    void passThroughThenCatalogAnswerBothKindsWithoutErrors() throws Exception {
        Cli.Result result = Cli.againstWithin(infra, "20s", "bench", "catalog", "--request-topic", catalog.requestTopic(),
                "--reply-topic", catalog.replyTopic(), "--baseline", "--datasets", "5", "--read-ratio", "0.5",
                "--in-flight", "16", "--duration", "3s", "--warmup", "1s", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        JsonNode report = Json.MAPPER.readTree(result.out());
        JsonNode phases = report.get("phases");
        assertThat(phases).hasSize(2);
        assertThat(phases.get(0).get("phase").asText()).isEqualTo("pass-through");
        assertThat(phases.get(1).get("phase").asText()).isEqualTo("catalog");
        for (JsonNode phase : phases) {
            long total = 0;
            for (String operation : new String[] {CatalogWorkload.CREATE_ARTIFACT, CatalogWorkload.GET_ARTIFACT}) {
                JsonNode op = phase.get("operations").get(operation);
                assertThat(op.get("ok").asLong()).as(phase.get("phase") + " " + operation).isPositive()
                        .isEqualTo(op.get("sent").asLong());
                // every read names a tag prepared before the warm-up: not one NOT_FOUND
                assertThat(op.get("errors").isEmpty()).as(op.toString()).isTrue();
                BenchAssertions.assertLatencies(op.get("latency_ms"), op.get("ok").asLong());
                total += op.get("ok").asLong();
            }
            assertThat(phase.get("ok").asLong()).isEqualTo(total);
            BenchAssertions.assertLatencies(phase.get("latency_ms"), total);
        }
        assertThat(report.get("comparison").get("throughput_ratio").asDouble()).isPositive();
    }

    @Test
    void theTableHasARowPerKindAndOverall() {
        Cli.Result result = Cli.againstWithin(infra, "20s", "bench", "catalog", "--request-topic", catalog.requestTopic(),
                "--reply-topic", catalog.replyTopic(), "--datasets", "3", "--rate", "40", "--duration", "1s", "--warmup", "0s");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        assertThat(result.out().lines().filter(line -> line.startsWith("catalog ")).map(line -> line.split("\\s+")[1]))
                .containsExactly(CatalogWorkload.CREATE_ARTIFACT, CatalogWorkload.GET_ARTIFACT, OperationResult.ALL);
    }

    @Test
    void lookupsOverTheReadPathAndReadsOfTheLatestCreate() throws Exception {
        String readUrl = catalog.app().readUrl().orElseThrow();
        Cli.Result result = Cli.againstWithin(infra, "20s", "bench", "catalog", "--request-topic", catalog.requestTopic(),
                "--reply-topic", catalog.replyTopic(), "--datasets", "3", "--rate", "60", "--duration", "2s",
                "--warmup", "1s", "--read-url", readUrl, "--after-create", "0.5", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        JsonNode operations = Json.MAPPER.readTree(result.out()).get("phases").get(0).get("operations");
        for (String operation : new String[] {CatalogWorkload.CREATE_ARTIFACT, CatalogWorkload.GET_ARTIFACT,
                CatalogWorkload.GET_AFTER_CREATE}) {
            JsonNode op = operations.get(operation);
            assertThat(op.get("ok").asLong()).as(operation + " " + op).isPositive().isEqualTo(op.get("sent").asLong());
            assertThat(op.get("errors").isEmpty()).as(op.toString()).isTrue();
        }

        Cli.Result refused = Cli.againstWithin(infra, "20s", "bench", "catalog", "--request-topic", catalog.requestTopic(),
                "--reply-topic", catalog.replyTopic(), "--after-create", "0.5", "--duration", "1s");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("needs --read-url");
    }
}
