package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.ops.Readiness;
import io.dataproxy.ops.ScrapedMetrics;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.wire.TopicContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The catalog as {@code main} runs it: /readyz follows Kafka Streams' state, /metrics carries its metrics. */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogHealthAndMetricsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Infra infra;

    CatalogHealthAndMetricsTest(Infra infra) {
        this.infra = infra;
    }

    /** The catalog's environment on the test broker, with its own topics and application id. */
    static Map<String, String> env(Infra infra, Path stateDir) {
        String commands = infra.uniqueName("catalog-commands");
        String replies = infra.uniqueName("catalog-replies");
        String events = infra.uniqueName("catalog-events");
        String datasets = infra.uniqueName("catalog-datasets");
        infra.createTopics(3, TopicContract.CATALOG_COMMANDS.requiredConfigs(), commands);
        infra.createTopics(3, TopicContract.CATALOG_DATASETS.requiredConfigs(), datasets);
        infra.createTopics(3, replies, events, commands + "-dlt");
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(),
                "KAFKA_SCHEMA_REGISTRY_URL", infra.registryUrl().toString(),
                "KAFKA_APPLICATION_ID", infra.uniqueName("catalog"),
                "CATALOG_COMMANDS_TOPIC", commands,
                "CATALOG_REPLIES_TOPIC", replies,
                "CATALOG_EVENTS_TOPIC", events,
                "CATALOG_DATASETS_TOPIC", datasets,
                "CATALOG_STATE_DIR", stateDir.toString(),
                "CATALOG_SHUTDOWN_TIMEOUT", "20s",
                "HEALTH_PORT", "0");
    }

    @Test
    void notReadyBeforeItRuns(@TempDir Path stateDir) {
        try (CatalogApp app = new CatalogApp(CatalogConfig.load(null, env(infra, stateDir)))) {
            Readiness readiness = app.readiness();
            assertThat(readiness.isReady()).isFalse();
            assertThat(readiness.reason()).isEqualTo("Kafka Streams is CREATED");
        }
    }

    @Test
    void readyWhenRunning_andKafkaStreamsMetricsAreScraped(@TempDir Path stateDir) throws Exception {
        Map<String, String> env = new HashMap<>(env(infra, stateDir));
        env.putAll(Map.of("CATALOG_READ_ENABLED", "true", "CATALOG_READ_PORT", "0", "CATALOG_READ_ADVERTISED_HOST", "localhost"));
        try (CatalogAppMain.Served served = CatalogAppMain.serve(CatalogConfig.load(null, env));
             CatalogClient client = new CatalogClient(infra.kafkaClientProps(), env.get("CATALOG_COMMANDS_TOPIC"),
                     env.get("CATALOG_REPLIES_TOPIC"), TIMEOUT)) {
            String base = "http://localhost:" + served.endpoint().orElseThrow().port();
            assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> get(base + "/readyz").statusCode() == 200);
            assertThat(served.app().isReady()).isTrue();

            ScrapedMetrics before = scrape(base);
            assertThat(before.samples()).anyMatch(s -> s.name().startsWith("kafka_stream_"));
            assertThat(before.samples()).allMatch(s -> CatalogAppMain.APPLICATION.equals(s.labels().get("application")));

            DatasetId id = DatasetId.newBuilder().setProject("p").setDomain("d").setName("metrics").setVersion("1").build();
            client.createDataset(Dataset.newBuilder().setId(id).build()).join();
            client.getDataset(id).join();

            // The stream thread's processed-records total counts the two commands (and nothing else reads these topics).
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(
                    processed(scrape(base)) - processed(before)).isGreaterThanOrEqualTo(2.0));

            // The catalog's own metrics: one of each command, by outcome; the expiry tick's gauges.
            client.getDataset(DatasetId.newBuilder(id).setName("absent").build()).handle((ok, e) -> e).join();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                ScrapedMetrics now = scrape(base);
                assertThat(now.count("kafka_dataproxy_catalog_commands_total", Map.of("kind", "CreateDataset", "outcome", "OK"))).isEqualTo(1.0);
                assertThat(now.count("kafka_dataproxy_catalog_commands_total", Map.of("kind", "GetDataset", "outcome", "OK"))).isEqualTo(1.0);
                assertThat(now.count("kafka_dataproxy_catalog_commands_total", Map.of("kind", "GetDataset", "outcome", "NOT_FOUND"))).isEqualTo(1.0);
                assertThat(now.samples()).anyMatch(s -> s.name().equals("kafka_dataproxy_catalog_live_artifacts"));
                assertThat(now.samples()).anyMatch(s -> s.name().startsWith("kafka_dataproxy_catalog_expiry_tick_time_ms_max"));
            });

            // The read path's timer: each answer by read and status, with a histogram for its percentiles.
            String reads = served.app().readUrl().orElseThrow() + "/catalog/v1/dataset?project=p&domain=d&version=1&name=";
            assertThat(get(reads + "metrics").statusCode()).isEqualTo(200);
            assertThat(get(reads + "absent").statusCode()).isEqualTo(404);
            assertThat(get(reads + "absent").statusCode()).isEqualTo(404);
            ScrapedMetrics timed = scrape(base);
            assertThat(timed.count("dataproxy_catalog_reads_seconds_count", Map.of("read", "dataset", "status", "200"))).isEqualTo(1.0);
            assertThat(timed.count("dataproxy_catalog_reads_seconds_count", Map.of("read", "dataset", "status", "404"))).isEqualTo(2.0);
            assertThat(timed.samples()).anyMatch(s -> s.name().equals("dataproxy_catalog_reads_seconds_bucket"));

            served.app().close(Duration.ofSeconds(20));
            HttpResponse<String> stopped = get(base + "/readyz");
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.body()).contains("NOT_RUNNING");
        }
    }

    private static double processed(ScrapedMetrics metrics) {
        return metrics.count("kafka_stream_thread_process_total", Map.of());
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
