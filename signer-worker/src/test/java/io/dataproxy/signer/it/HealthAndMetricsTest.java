package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.ops.ScrapedMetrics;
import io.dataproxy.signer.SignerWorkerMain;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.RequestReplyHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker as {@code main} runs it: /healthz, /readyz and /metrics answer, and the counters follow the requests. */
@ExtendWith(DataproxyInfraExtension.class)
class HealthAndMetricsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REQUESTS = "dataproxy_signer_requests_total";

    private final Infra infra;

    HealthAndMetricsTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void readyOnceAssigned_andTheMetricsMoveWithTheRequests() throws Exception {
        try (SignerHarness signer = SignerHarness.served(infra, "s3")) {
            SignerWorkerMain.Served served = signer.served();
            String base = "http://localhost:" + served.endpoint().orElseThrow().port();
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
            await().atMost(SignerHarness.TIMEOUT).until(() -> get(base + "/readyz").statusCode() == 200);
            assertThat(served.worker().isReady()).isTrue();

            ScrapedMetrics before = scrape(base);
            assertThat(before.sum(REQUESTS, Map.of("kind", "upload", "outcome", "ok")))
                    .as("the ok series exist before the first request").isPresent();

            assertThat(signer.call(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("r").setContentLength(1L)
                    .setFilename("f.txt").build()).getBody()).isInstanceOf(UploadLocation.class);
            assertThat(errorOf(signer.call(link("s3://" + signer.bucket + "/absent.txt")))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(errorOf(signer.call(link("s3://someone-elses/secret")))).isEqualTo(ErrorCode.PERMISSION_DENIED);
            try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(RequestReplyHeaders.CORRELATION_ID, "poison".getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(signer.requests, null, "poison".getBytes(StandardCharsets.UTF_8),
                        "not avro".getBytes(StandardCharsets.UTF_8), headers)).get();
            }

            // Replies and dead letters are counted when the broker acknowledges them, which may be just after
            // the client has read the reply: wait for the counters, with a deadline.
            await().atMost(SignerHarness.TIMEOUT).untilAsserted(() -> {
                ScrapedMetrics after = scrape(base);
                assertThat(delta(before, after, REQUESTS, Map.of("kind", "upload", "outcome", "ok"))).isEqualTo(1.0);
                assertThat(delta(before, after, REQUESTS, Map.of("kind", "download", "outcome", "NOT_FOUND"))).isEqualTo(1.0);
                assertThat(delta(before, after, REQUESTS, Map.of("kind", "download", "outcome", "PERMISSION_DENIED"))).isEqualTo(1.0);
                assertThat(delta(before, after, "dataproxy_signer_signing_seconds_count", Map.of("kind", "download"))).isEqualTo(2.0);
                // three answered requests and the poison record's error reply
                assertThat(delta(before, after, "dataproxy_signer_replies_total", Map.of())).isEqualTo(4.0);
                assertThat(delta(before, after, "dataproxy_signer_dead_letters_total", Map.of())).isEqualTo(1.0);
            });
            ScrapedMetrics after = scrape(base);
            assertThat(after.sum("dataproxy_signer_requests_in_flight", Map.of())).hasValue(0.0);
            assertThat(after.has("dataproxy_signer_signing_seconds_bucket")).as("a histogram, for latency quantiles").isTrue();
            assertThat(after.samples()).anyMatch(s -> s.name().startsWith("kafka_consumer_")
                    && "dataproxy-signer".equals(s.labels().get("client_id")));
            assertThat(after.samples()).anyMatch(s -> s.name().startsWith("kafka_producer_")
                    && "dataproxy-signer-replies".equals(s.labels().get("client_id")));
            assertThat(after.samples()).allMatch(s -> SignerWorkerMain.APPLICATION.equals(s.labels().get("application")));
        }
    }

    @Test
    void notReadyOnceStopped() throws Exception {
        try (SignerHarness signer = SignerHarness.served(infra, "minio")) {
            SignerWorkerMain.Served served = signer.served();
            String base = "http://localhost:" + served.endpoint().orElseThrow().port();
            await().atMost(SignerHarness.TIMEOUT).until(() -> get(base + "/readyz").statusCode() == 200);
            served.worker().close();
            HttpResponse<String> readyz = get(base + "/readyz");
            assertThat(readyz.statusCode()).isEqualTo(503);
            assertThat(readyz.body()).contains("waiting for a partition assignment");
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
        }
    }

    private static CreateDownloadLink link(String... urls) {
        return CreateDownloadLink.newBuilder().setNativeUrls(List.of(urls)).build();
    }

    private static ErrorCode errorOf(io.dataproxy.avro.url.UrlReply reply) {
        assertThat(reply.getBody()).isInstanceOf(Error.class);
        return ((Error) reply.getBody()).getCode();
    }

    private static double delta(ScrapedMetrics before, ScrapedMetrics after, String name, Map<String, String> labels) {
        return after.count(name, labels) - before.count(name, labels);
    }

    private static ScrapedMetrics scrape(String base) throws Exception {
        HttpResponse<String> response = get(base + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return ScrapedMetrics.parse(response.body());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
