package io.dataproxy.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AtomicReference<Readiness> readiness = new AtomicReference<>(Readiness.notReady("waiting for partitions"));
    private ServiceMetrics metrics;
    private OpsEndpoint endpoint;

    @BeforeEach
    void start() {
        metrics = ServiceMetrics.create("ops-test");
        endpoint = OpsEndpoint.start(0, metrics.registry(), readiness::get);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        metrics.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + endpoint.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aliveAlways_readyOnlyWhenTheCheckSaysSo() throws Exception {
        assertThat(endpoint.port()).isPositive();
        assertThat(send("GET", "/healthz").statusCode()).isEqualTo(200);

        HttpResponse<String> notReady = send("GET", "/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).contains("waiting for partitions");

        readiness.set(Readiness.READY);
        assertThat(send("GET", "/readyz").statusCode()).isEqualTo(200);
        assertThat(send("HEAD", "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingCheckIsNotReady() throws Exception {
        endpoint.close();
        endpoint = OpsEndpoint.start(0, metrics.registry(), () -> {
            throw new IllegalStateException("boom");
        });
        HttpResponse<String> response = send("GET", "/readyz");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("IllegalStateException");
    }

    @Test
    void metricsInPrometheusTextWithTheServiceTagAndJvmMeters() throws Exception {
        Counter counter = Counter.builder("dataproxy.test.things").tag("outcome", "ok").register(metrics.registry());
        ScrapedMetrics before = ScrapedMetrics.parse(send("GET", "/metrics").body());
        counter.increment(3);
        HttpResponse<String> response = send("GET", "/metrics");
        ScrapedMetrics after = ScrapedMetrics.parse(response.body());

        assertThat(response.headers().firstValue("Content-Type")).hasValue(OpsEndpoint.PROMETHEUS_TEXT);
        Map<String, String> labels = Map.of("outcome", "ok", "application", "ops-test");
        assertThat(after.count("dataproxy_test_things_total", labels) - before.count("dataproxy_test_things_total", labels))
                .isEqualTo(3.0);
        assertThat(after.has("jvm_memory_used_bytes")).isTrue();
        assertThat(after.has("process_uptime_seconds")).isTrue();
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        assertThat(send("GET", "/healthzz").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/healthz");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void aTakenPortIsAnErrorNamingTheKey() {
        int taken = endpoint.port();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpsEndpoint.start(taken, metrics.registry(), () -> Readiness.READY))
                .hasMessageContaining("health.port").hasMessageContaining(String.valueOf(taken));
    }
}
