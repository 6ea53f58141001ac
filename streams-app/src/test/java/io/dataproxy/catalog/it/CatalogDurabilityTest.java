package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The catalog survives what operators do to it: a restart on the same state directory, a restart on an
 * empty one (restored from the changelogs, the two indexes rebuilt from the artifacts, every store identical to the
 * one written), and a replay of the command topic into a fresh application
 * id. Each time the catalog reads the same, and nothing that expired comes back.
 */
@ExtendWith(DataproxyInfraExtension.class)
class CatalogDurabilityTest {

    private static final List<DatasetId> DATASETS = List.of(dataset("a"), dataset("b"), dataset("c"));

    private final Infra infra;

    CatalogDurabilityTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void restartRestoreAndReplayGiveTheSameCatalog() {
        try (CatalogHarness catalog = CatalogHarness.start(infra, Map.of("CATALOG_EXPIRY_INTERVAL", "100ms"))) {
            CatalogClient client = catalog.client();
            for (DatasetId d : DATASETS) {
                client.createDataset(Dataset.newBuilder().setId(d).build()).join();
                for (int i = 0; i < 12; i++) {
                    client.createArtifact(d, "live-" + i, List.of(uri("out", "s3://b/" + d.getName() + "/live-" + i)),
                            List.of("tag-" + i), i % 2 == 0 ? null : Duration.ofDays(1)).join();
                }
                client.createArtifact(d, "doomed", List.of(uri("out", "s3://b/" + d.getName() + "/doomed")),
                        List.of("doomed-tag"), Duration.ofMillis(500)).join();
            }
            catalog.eventsUntil(seen -> seen.stream().filter(e -> e.getBody() instanceof ArtifactExpired).count() == DATASETS.size());
            List<String> before = snapshot(client);
            assertThat(before).hasSize(DATASETS.size() * 13).contains("dataset flyte_task-a").noneMatch(line -> line.contains("doomed"));

            catalog.stopApp();
            catalog.startApp();
            assertThat(snapshot(client)).as("after a restart on the same state directory").isEqualTo(before);

            catalog.stopApp();
            Map<String, Map<String, List<String>>> written = stores(catalog.stateDir());
            assertThat(written.get(CatalogTopology.LISTING_INDEX_STORE).values().stream().mapToInt(List::size).sum())
                    .as("listing index entries: the live artifacts").isEqualTo(DATASETS.size() * 12);
            catalog.set("CATALOG_STATE_DIR", CatalogHarness.tempDir().toString());
            catalog.startApp();
            assertThat(snapshot(client)).as("after restoring an empty state directory from the changelogs").isEqualTo(before);
            catalog.stopApp();
            assertThat(stores(catalog.stateDir())).as("every store restored byte for byte, the indexes rebuilt to the same bytes")
                    .isEqualTo(written);
            catalog.startApp();

            catalog.stopApp();
            catalog.set("KAFKA_APPLICATION_ID", infra.uniqueName("catalog-replay"));
            catalog.set("CATALOG_STATE_DIR", CatalogHarness.tempDir().toString());
            catalog.startApp();
            assertThat(snapshot(client)).as("after replaying the command topic into a fresh application id").isEqualTo(before);
        }
    }

    /** The command processor's stores, read from the files of a stopped catalog. */
    private static Map<String, Map<String, List<String>>> stores(String stateDir) {
        Map<String, Map<String, List<String>>> stores = new TreeMap<>();
        for (String store : List.of(CatalogTopology.DATASETS_STORE, CatalogTopology.ARTIFACTS_STORE, CatalogTopology.TAGS_STORE,
                CatalogTopology.RESERVATIONS_STORE, CatalogTopology.EXPIRY_INDEX_STORE, CatalogTopology.LISTING_INDEX_STORE)) {
            Map<String, List<String>> tasks = StoreFiles.dump(Path.of(stateDir), store);
            assertThat(tasks).as("tasks with store %s", store).hasSize(3);
            stores.put(store, tasks);
        }
        return stores;
    }

    /** Every dataset (from the global directory) and every live artifact of each, one line each, read page by page. */
    private static List<String> snapshot(CatalogClient client) {
        List<String> lines = new ArrayList<>();
        String datasetToken = null;
        do {
            DatasetPage page = client.listDatasets(ListDatasets.newBuilder().setProject("flytesnacks").setLimit(2)
                    .setPageToken(datasetToken).build()).join();
            page.getDatasets().forEach(d -> lines.add("dataset " + d.getId().getName()));
            datasetToken = page.getNextPageToken();
        } while (datasetToken != null);
        for (DatasetId d : DATASETS) {
            String token = null;
            do {
                ArtifactPage page = client.listArtifacts(ListArtifacts.newBuilder().setDataset(d).setLimit(5)
                        .setPageToken(token).build()).join();
                for (Artifact a : page.getArtifacts()) {
                    lines.add(d.getName() + " " + a.getArtifactId() + " tags=" + a.getTags() + " created=" + a.getCreatedAt()
                            + " expires=" + a.getExpiresAt() + " data=" + a.getData());
                }
                token = page.getNextPageToken();
            } while (token != null);
        }
        return lines;
    }
}
