package io.dataproxy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.client.RequestFailed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The summary of a run, from outcomes recorded by hand: counts, percentiles, comparison, JSON, table, exit code. */
class BenchReportTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    /** {@code ok} replies at 1..ok ms, plus the given failures. */
    private static OperationResult recorded(String operation, int ok, Throwable... failures) {
        OperationRecorder recorder = new OperationRecorder(operation);
        for (int i = 1; i <= ok; i++) {
            recorder.sent();
            recorder.completed(i * 1_000_000L, null);
        }
        for (Throwable failure : failures) {
            recorder.sent();
            recorder.completed(5_000_000L, failure);
        }
        return recorder.result();
    }

    private static PhaseResult phase(String name, OperationResult... operations) {
        return new PhaseResult(name, LoadShape.flatOut(8), TEN_SECONDS, List.of(operations));
    }

    @Test
    void percentilesAreInMillisecondsOfSuccessfulRepliesOnly() {
        OperationResult result = recorded("op", 1000, new CompletionException(new RequestFailed(ErrorCode.INTERNAL, "x")));
        LatencySummary latency = result.latency();
        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.p50()).isCloseTo(500, within(1.0));
        assertThat(latency.p90()).isCloseTo(900, within(1.0));
        assertThat(latency.p99()).isCloseTo(990, within(1.0));
        assertThat(latency.p999()).isCloseTo(999, within(1.0));
        assertThat(latency.max()).isCloseTo(1000, within(1.0));
        assertThat(result.sent()).isEqualTo(1001);
        assertThat(result.errors()).containsEntry("INTERNAL", 1L);
    }

    @Test
    void outcomesAreSortedIntoErrorsByCodeTimeoutsAndFailures() {
        OperationResult result = recorded("op", 2,
                new CompletionException(new RequestFailed(ErrorCode.NOT_FOUND, "gone")),
                new RequestFailed(ErrorCode.NOT_FOUND, "gone"),
                new CompletionException(new TimeoutException()),
                new CompletionException(new org.apache.kafka.common.errors.RecordTooLargeException("big")));
        assertThat(result.ok()).isEqualTo(2);
        assertThat(result.errors()).containsExactlyEntriesOf(java.util.Map.of("NOT_FOUND", 2L));
        assertThat(result.timeouts()).isEqualTo(1);
        assertThat(result.failures()).containsOnlyKeys("RecordTooLargeException");
        assertThat(result.answered()).isEqualTo(4);
    }

    @Test
    void theOverallRowMergesTheKinds() {
        PhaseResult mixed = phase("catalog", recorded("create_artifact", 100), recorded("get_artifact", 300,
                new RequestFailed(ErrorCode.NOT_FOUND, "x")));
        OperationResult all = mixed.total();
        assertThat(all.operation()).isEqualTo(OperationResult.ALL);
        assertThat(all.ok()).isEqualTo(400);
        assertThat(all.sent()).isEqualTo(401);
        assertThat(all.errors()).containsEntry("NOT_FOUND", 1L);
        assertThat(all.latency().count()).isEqualTo(400);
        assertThat(all.latency().max()).isCloseTo(300, within(0.5));
        assertThat(mixed.throughput()).isCloseTo(40, within(1e-9));
    }

    @Test
    void theComparisonIsServiceOverBaseline() {
        BenchReport report = new BenchReport("url", LoadShape.flatOut(8), Duration.ofSeconds(1), TEN_SECONDS,
                java.util.List.of(phase("echo", recorded("op", 1000))), phase("signer", recorded("op", 800)), null);
        assertThat(report.throughputRatio()).isCloseTo(0.8, within(1e-9));
        // p99 of 1..800 ms vs 1..1000 ms
        assertThat(report.p99DifferenceMillis()).isCloseTo(792 - 990, within(1.5));

        JsonNode json = report.json();
        assertThat(json.get("comparison").get("throughput_ratio").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(json.get("phases").get(0).get("phase").asText()).isEqualTo("echo");
        assertThat(json.get("phases").get(1).get("throughput_per_s").asDouble()).isCloseTo(80, within(1e-9));
        assertThat(json.get("load").get("in_flight").asInt()).isEqualTo(8);
        assertThat(json.get("exit_code").asInt()).isZero();

        StringWriter table = new StringWriter();
        report.printTable(new PrintWriter(table, true));
        assertThat(table.toString()).contains("flat out, 8 in flight", "signer vs echo: throughput 0.80 of the echo's");
        assertThat(table.toString().lines()).anyMatch(line -> line.matches("echo\\s+op\\s+1000\\s+1000\\s+0\\s+0\\s+100\\s.*"));
    }

    /** The raw echo is the transport's ceiling, the worker echo the machinery's: the service is set against both. */
    @Test
    void theServiceIsComparedWithEachBaseline() {
        BenchReport report = new BenchReport("url", LoadShape.flatOut(8), Duration.ZERO, TEN_SECONDS,
                java.util.List.of(phase("raw-echo", recorded("op", 2000)), phase("echo", recorded("op", 1000))),
                phase("signer", recorded("op", 800)), null);
        JsonNode json = report.json();
        assertThat(json.get("phases")).hasSize(3);
        assertThat(json.get("comparison").get("baseline").asText()).isEqualTo("echo");
        assertThat(json.get("comparisons")).hasSize(2);
        assertThat(json.get("comparisons").get(0).get("throughput_ratio").asDouble()).isCloseTo(0.4, within(1e-9));
        StringWriter table = new StringWriter();
        report.printTable(new PrintWriter(table, true));
        assertThat(table.toString()).contains("signer vs raw-echo: throughput 0.40 of the raw-echo's",
                "signer vs echo: throughput 0.80 of the echo's");
    }

    @Test
    void aPoisonedPhaseIsComparedWithTheCleanOne() {
        BenchReport report = new BenchReport("url", LoadShape.fixedRate(100), Duration.ZERO, TEN_SECONDS, java.util.List.of(),
                phase("signer", recorded("op", 1000)), phase("signer+poison", recorded("op", 900)));
        JsonNode json = report.json();
        assertThat(json.get("phases")).hasSize(2);
        assertThat(json.get("poison").get("throughput_ratio").asDouble()).isCloseTo(0.9, within(1e-9));
        assertThat(json.get("poison").get("p99_difference_ms").asDouble()).isCloseTo(891 - 990, within(1.5));
        assertThat(json.has("comparison")).isFalse();
        StringWriter table = new StringWriter();
        report.printTable(new PrintWriter(table, true));
        assertThat(table.toString()).contains("signer+poison vs signer: throughput 0.90 of the signer's");
    }

    @Test
    void theExitCodeSaysWhetherEverythingWasAnswered() {
        OperationResult clean = recorded("op", 10);
        OperationResult withError = recorded("op", 10, new RequestFailed(ErrorCode.INVALID_ARGUMENT, "x"));
        OperationResult silent = recorded("op", 0, new TimeoutException(), new TimeoutException());
        OperationResult onlyErrors = recorded("op", 0, new RequestFailed(ErrorCode.INVALID_ARGUMENT, "x"));

        assertThat(report(null, clean).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(report(null, withError).exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(report(null, onlyErrors).exitCode()).as("error replies are answers").isEqualTo(ExitCodes.FAILED);
        assertThat(report(null, silent).exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(report(silent, clean).exitCode()).as("a silent baseline").isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(report(null, clean).json().has("comparison")).isFalse();
    }

    private static BenchReport report(OperationResult baseline, OperationResult service) {
        return new BenchReport("url", LoadShape.fixedRate(100), Duration.ZERO, TEN_SECONDS,
                baseline == null ? java.util.List.of() : java.util.List.of(phase("echo", baseline)), phase("signer", service), null);
    }
}
