package io.dataproxy.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.UrlClient;
import io.dataproxy.cli.Cli;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.cli.bench.BenchServicesExtension.Signer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code dataproxy bench url} against a real broker and a real signer worker (on its own topics). */
@ExtendWith({DataproxyInfraExtension.class, BenchServicesExtension.class})
class UrlBenchTest {

    private final Infra infra;
    private final Signer signer;

    UrlBenchTest(Infra infra, Signer signer) {
        this.infra = infra;
        this.signer = signer;
    }

    private Cli.Result bench(String timeout, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("bench", "url", "--request-topic", signer.requestTopic(),
                "--reply-topic", signer.replyTopic()));
        all.addAll(List.of(args));
        return Cli.againstWithin(infra, timeout, all.toArray(String[]::new));
    }

    @Test
    void baselineThenSignerBothAnswerEveryMeasuredRequest() throws Exception {
        Cli.Result result = bench("20s", "--baseline", "--duration", "3s", "--warmup", "1s", "--in-flight", "16", "--json");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        JsonNode report = Json.MAPPER.readTree(result.out());
        JsonNode phases = report.get("phases");
        assertThat(phases).hasSize(3);
        assertThat(phases.get(0).get("phase").asText()).isEqualTo("raw-echo");
        assertThat(phases.get(1).get("phase").asText()).isEqualTo("echo");
        assertThat(phases.get(2).get("phase").asText()).isEqualTo("signer");
        for (JsonNode phase : phases) {
            assertThat(phase.get("ok").asLong()).as(phase.toString()).isPositive().isEqualTo(phase.get("sent").asLong());
            assertThat(phase.get("errors").isEmpty()).as(phase.toString()).isTrue();
            assertThat(phase.get("failures").isEmpty()).as(phase.toString()).isTrue();
            assertThat(phase.get("timeouts").asLong()).isZero();
            BenchAssertions.assertLatencies(phase.get("latency_ms"), phase.get("ok").asLong());
            assertThat(phase.get("operations").get(UrlWorkload.CREATE_UPLOAD_LOCATION).get("ok").asLong())
                    .isEqualTo(phase.get("ok").asLong());
        }
        JsonNode comparison = report.get("comparison");
        assertThat(comparison.get("baseline").asText()).isEqualTo("echo");
        assertThat(comparison.get("throughput_ratio").asDouble()).isPositive();
        assertThat(report.get("comparisons")).hasSize(2);
        assertThat(comparison.get("p99_difference_ms").isNumber()).isTrue();
    }

    @Test
    void withBaselineElsewhereTheBenchDrivesTheBaselinesAnotherProcessRunsAndStartsNoneItself() throws Exception {
        infra.createTopics(3, UrlClient.REQUEST_TOPIC, UrlClient.REPLY_TOPIC, CatalogClient.REQUEST_TOPIC, CatalogClient.REPLY_TOPIC);
        ConnectionSettings settings = new ConnectionSettings(infra.bootstrapServers(), infra.registryUrl().toString(),
                Duration.ofSeconds(20), Map.of());
        CountDownLatch stop = new CountDownLatch(1);
        StringWriter out = new StringWriter();
        CompletableFuture<Void> baselines = CompletableFuture.runAsync(() -> {
            try {
                BaselinesCommand.serve(settings, new PrintWriter(out, true), stop::await);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> out.toString().contains("baselines ready") || baselines.isDone());
            assertThat(out.toString()).contains("dataproxy bench baselines ready: raw echo on " + RawEcho.REQUEST_TOPIC
                    + ", echo on " + EchoSigner.REQUEST_TOPIC);

            Cli.Result served = bench("20s", "--baseline", "--baseline-elsewhere", "--duration", "2s", "--warmup", "1s",
                    "--in-flight", "8", "--json");
            assertThat(served.exitCode()).as(served.toString()).isEqualTo(ExitCodes.OK);
            for (int i = 0; i < 2; i++) {
                JsonNode echo = Json.MAPPER.readTree(served.out()).get("phases").get(i);
                assertThat(echo.get("phase").asText()).isEqualTo(i == 0 ? "raw-echo" : "echo");
                assertThat(echo.get("ok").asLong()).as(echo.toString()).isPositive().isEqualTo(echo.get("sent").asLong());
            }
        } finally {
            stop.countDown();
            baselines.get(60, TimeUnit.SECONDS);
        }

        // the baselines' process has stopped: nothing answers the echo's topic, so nothing started one here
        Cli.Result unserved = bench("2s", "--baseline", "--baseline-elsewhere", "--duration", "1s", "--warmup", "0s",
                "--rate", "20", "--json");
        JsonNode echo = Json.MAPPER.readTree(unserved.out()).get("phases").get(0);
        assertThat(echo.get("ok").asLong()).as(unserved.toString()).isZero();
        assertThat(echo.get("timeouts").asLong()).isPositive();
    }

    @Test
    void aFixedRateSendsRateTimesDurationMeasuredAndTheWarmUpUncounted() throws Exception {
        long before = requestsInTopic();
        Cli.Result result = bench("20s", "--rate", "200", "--warmup", "2s", "--duration", "3s", "--json");
        long sentToTopic = requestsInTopic() - before;

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
        JsonNode signerPhase = Json.MAPPER.readTree(result.out()).get("phases").get(0);
        long measured = signerPhase.get("sent").asLong();
        // the schedule decides the counts, not the clock: 200/s for 3 s measured, 2 s more of warm-up before it
        assertThat(measured).isBetween(570L, 630L);
        assertThat(sentToTopic).as("warm-up requests went out too, uncounted").isBetween(950L, 1050L);
        assertThat(signerPhase.get("ok").asLong()).isEqualTo(measured);
        assertThat(signerPhase.get("latency_ms").get("count").asLong()).isEqualTo(measured);
        BenchAssertions.assertLatencies(signerPhase.get("latency_ms"), measured);
    }

    @Test
    void errorRepliesAreCountedByCode() {
        // above the signer's dataproxy.upload.maxSize (100Mi): every request is INVALID_ARGUMENT
        Cli.Result result = bench("20s", "--rate", "50", "--warmup", "0s", "--duration", "2s", "--content-length", "200Mi");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).contains("signer errors: INVALID_ARGUMENT 100");
        assertThat(result.out().lines().filter(line -> line.startsWith("signer "))
                .collect(Collectors.joining("\n"))).as(result.out())
                .matches("(?s)signer\\s+create_upload_location\\s+100\\s+0\\s+100\\s+0\\s+0 .*");
    }

    @Test
    void whenNothingAnswersEveryRequestTimesOutAndTheExitCodeIs3() throws Exception {
        String requests = infra.uniqueName("bench.silent.requests");
        String replies = infra.uniqueName("bench.silent.replies");
        infra.createTopics(1, requests, replies);

        Cli.Result result = Cli.againstWithin(infra, "2s", "bench", "url", "--request-topic", requests,
                "--reply-topic", replies, "--rate", "20", "--warmup", "0s", "--duration", "1s", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        JsonNode phase = Json.MAPPER.readTree(result.out()).get("phases").get(0);
        assertThat(phase.get("sent").asLong()).isEqualTo(20);
        assertThat(phase.get("timeouts").asLong()).isEqualTo(20);
        assertThat(phase.get("ok").asLong()).isZero();
        assertThat(phase.get("latency_ms").get("count").asLong()).isZero();
    }

    @Test
    void badUsageIsExit2BeforeAnythingConnects() {
        Cli.Result zeroRate = Cli.run("bench", "url", "--rate", "0", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(zeroRate.exitCode()).as(zeroRate.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(zeroRate.err()).contains("--rate").hasLineCount(1);

        Cli.Result missingTopic = Cli.againstWithin(infra, "5s", "bench", "url", "--request-topic", "no.such.topic",
                "--duration", "1s");
        assertThat(missingTopic.exitCode()).as(missingTopic.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingTopic.err()).contains("no.such.topic");
    }

    @Test
    void helpDocumentsTheOptions() {
        Cli.Result help = Cli.run("bench", "url", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--baseline", "--rate", "--in-flight", "--duration", "--warmup", "--json",
                EchoSigner.GROUP_ID);
    }

    private long requestsInTopic() throws Exception {
        Map<TopicPartition, OffsetSpec> ends = infra.admin().describeTopics(List.of(signer.requestTopic())).allTopicNames().get()
                .get(signer.requestTopic()).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(signer.requestTopic(), p.partition()), p -> OffsetSpec.latest()));
        return infra.admin().listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
}
