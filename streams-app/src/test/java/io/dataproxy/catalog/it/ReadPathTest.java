package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.common.Error;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.formatter.AvroJson;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP read path gives the Kafka path's answers: the same artifact (by id, by tag), the same pages, the same
 * error codes for a missing dataset, a bad argument, a too old or an expired artifact. The expiry punctuator runs
 * once an hour here, so an expired artifact is still in the store: only the read rule keeps it out.
 */
@ExtendWith(DataproxyInfraExtension.class)
class ReadPathTest {

    static final Map<String, String> READS = Map.of("CATALOG_READ_ENABLED", "true", "CATALOG_READ_PORT", "0",
            "CATALOG_READ_ADVERTISED_HOST", "localhost", "CATALOG_EXPIRY_INTERVAL", "1h");

    private final Infra infra;

    ReadPathTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void answersAsTheKafkaPathDoes() {
        try (CatalogHarness catalog = CatalogHarness.start(infra, READS)) {
            CatalogClient client = catalog.client();
            DatasetId task = dataset("reads");
            String base = catalog.readUrl();
            String ds = HttpReads.dataset(task);
            client.createDataset(Dataset.newBuilder().setId(task).setPartitionKeys(List.of("region")).build()).join();
            for (int i = 0; i < 5; i++) {
                client.createArtifact(task, "run-" + i, List.of(uri("out", "s3://b/run-" + i)), Map.of("k", "v" + i),
                        Map.of("region", i % 2 == 0 ? "eu" : "us"), List.of("inputs-" + i), null).join();
            }
            client.createArtifact(task, "brief", List.of(uri("out", "s3://b/brief")), Map.of(), Map.of("region", "eu"),
                    List.of("inputs-brief"), Duration.ofSeconds(2)).join();

            assertSame(catalog, base + "/catalog/v1/artifact?" + ds + "&artifact_id=run-1",
                    GetArtifact.newBuilder().setDataset(task).setArtifactId("run-1").build(), 200);
            assertSame(catalog, base + "/catalog/v1/artifact?" + ds + "&tag=inputs-3",
                    GetArtifact.newBuilder().setDataset(task).setTagName("inputs-3").build(), 200);
            assertSame(catalog, base + "/catalog/v1/artifact?" + ds + "&tag=inputs-3&max_age=1h",
                    GetArtifact.newBuilder().setDataset(task).setTagName("inputs-3").setMaxAge(3_600_000L).build(), 200);
            assertSame(catalog, base + "/catalog/v1/dataset?" + ds, GetDataset.newBuilder().setDataset(task).build(), 200);

            // errors: the same codes, mapped to their statuses
            assertSameError(catalog, base + "/catalog/v1/artifact?" + ds + "&tag=no-such-tag",
                    GetArtifact.newBuilder().setDataset(task).setTagName("no-such-tag").build(), 404);
            DatasetId missing = dataset("missing");
            assertSameError(catalog, base + "/catalog/v1/dataset?" + HttpReads.dataset(missing),
                    GetDataset.newBuilder().setDataset(missing).build(), 404);
            assertSameError(catalog, base + "/catalog/v1/artifact?" + ds,
                    GetArtifact.newBuilder().setDataset(task).build(), 400);
            assertSameError(catalog, base + "/catalog/v1/artifact?" + ds + "&artifact_id=run-1&max_age=-1s",
                    GetArtifact.newBuilder().setDataset(task).setArtifactId("run-1").setMaxAge(-1000L).build(), 400);
            assertSameError(catalog, base + "/catalog/v1/artifacts?" + ds + "&limit=0",
                    ListArtifacts.newBuilder().setDataset(task).setLimit(0).build(), 400);
            // max_age counted from when the data was written, at the catalog's clock: 1ms is too old by now
            await().atMost(Duration.ofSeconds(5)).until(() -> HttpReads.get(base + "/catalog/v1/artifact?" + ds
                    + "&artifact_id=run-0&max_age=1ms").status() == 404);
            assertSameError(catalog, base + "/catalog/v1/artifact?" + ds + "&artifact_id=run-0&max_age=1ms",
                    GetArtifact.newBuilder().setDataset(task).setArtifactId("run-0").setMaxAge(1L).build(), 404);

            // pages: the same artifacts and tokens, page after page, with a partition filter and without
            assertSamePages(catalog, base + "/catalog/v1/artifacts?" + ds + "&limit=2",
                    ListArtifacts.newBuilder().setDataset(task).setLimit(2), 3);
            assertSamePages(catalog, base + "/catalog/v1/artifacts?" + ds + "&limit=2&partition=region%3Deu",
                    ListArtifacts.newBuilder().setDataset(task).setLimit(2).setPartitions(Map.of("region", "eu")), 2);

            // never an expired artifact, though the punctuator (hourly here) has not purged it
            await().atMost(Duration.ofSeconds(10)).until(() -> HttpReads.get(base + "/catalog/v1/artifact?" + ds
                    + "&tag=inputs-brief").status() == 404);
            HttpReads.Answer expired = HttpReads.get(base + "/catalog/v1/artifact?" + ds + "&tag=inputs-brief");
            assertThat(expired.code()).isEqualTo("NOT_FOUND");
            assertThat(expired.json().path("message").asText()).contains("expired at");
            assertThat(kafka(catalog, GetArtifact.newBuilder().setDataset(task).setTagName("inputs-brief").build()))
                    .isInstanceOfSatisfying(Error.class, e -> assertThat(e.getCode().name()).isEqualTo("NOT_FOUND"));
            JsonNode page = HttpReads.get(base + "/catalog/v1/artifacts?" + ds + "&limit=100").json();
            assertThat(page.path("artifacts").findValuesAsText("artifact_id")).doesNotContain("brief").hasSize(5);
        }
    }

    private static Object kafka(CatalogHarness catalog, SpecificRecord query) {
        return catalog.client().request(CatalogRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setBody(query).build(), CatalogHarness.TIMEOUT).join().getBody();
    }

    private static void assertSame(CatalogHarness catalog, String url, SpecificRecord query, int status) {
        SpecificRecord viaKafka = (SpecificRecord) kafka(catalog, query);
        HttpReads.Answer viaHttp = HttpReads.get(url);
        assertThat(viaHttp.status()).as(url).isEqualTo(status);
        assertThat(viaHttp.json()).as(url).isEqualTo(AvroJson.of(viaKafka, viaKafka.getSchema()));
    }

    /** The same code (and, where no clock is in the message, the same message). */
    private static void assertSameError(CatalogHarness catalog, String url, SpecificRecord query, int status) {
        Error viaKafka = (Error) kafka(catalog, query);
        HttpReads.Answer viaHttp = HttpReads.get(url);
        assertThat(viaHttp.status()).as(url).isEqualTo(status);
        assertThat(viaHttp.code()).as(url).isEqualTo(viaKafka.getCode().name());
        if (!viaKafka.getMessage().contains(" ago") && !viaKafka.getMessage().contains("(now ")) {
            assertThat(viaHttp.json().path("message").asText()).as(url).isEqualTo(viaKafka.getMessage());
        }
    }

    private static void assertSamePages(CatalogHarness catalog, String url, ListArtifacts.Builder query, int pages) {
        String token = null;
        int seen = 0;
        do {
            SpecificRecord viaKafka = (SpecificRecord) kafka(catalog, query.setPageToken(token).build());
            HttpReads.Answer viaHttp = HttpReads.get(token == null ? url : url + "&page_token=" + token);
            assertThat(viaHttp.status()).isEqualTo(200);
            assertThat(viaHttp.json()).isEqualTo(AvroJson.of(viaKafka, viaKafka.getSchema()));
            token = viaHttp.json().path("next_page_token").isNull() ? null : viaHttp.json().path("next_page_token").asText();
            seen++;
        } while (token != null);
        assertThat(seen).as("pages").isEqualTo(pages);
    }
}
