package io.dataproxy.catalog.it;

import static io.dataproxy.catalog.it.CatalogEndToEndTest.dataset;
import static io.dataproxy.catalog.it.CatalogEndToEndTest.uri;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.catalog.CatalogTopology;
import io.dataproxy.client.ArtifactRef;
import io.dataproxy.client.CatalogClient;
import io.dataproxy.client.RequestFailed;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The expiry and listing indexes have no changelog: each start rebuilds them from the restored artifacts. Against a
 * real broker: a restore into an empty state directory lists everything in order and purges on time, and a task that
 * comes back to an instance whose files are older than its changelog (it ran elsewhere meanwhile) gets indexes of the
 * artifacts as they are now, not as its files left them.
 */
@ExtendWith(DataproxyInfraExtension.class)
class DerivedIndexRestoreTest {

    private static final List<DatasetId> DATASETS = List.of(dataset("x"), dataset("y"), dataset("z"));
    private static final DatasetId SHORT_LIVED = dataset("short-lived");
    private static final List<String> INDEXES = List.of(CatalogTopology.TAGS_STORE, CatalogTopology.EXPIRY_INDEX_STORE,
            CatalogTopology.LISTING_INDEX_STORE);

    private final Infra infra;

    DerivedIndexRestoreTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void aRestoreRebuildsTheIndexesAndATaskBackOnOlderFilesRebuildsThemToo() {
        try (CatalogHarness catalog = CatalogHarness.start(infra, Map.of("CATALOG_EXPIRY_INTERVAL", "100ms"))) {
            CatalogClient client = catalog.client();
            String first = catalog.stateDir();
            for (DatasetId d : DATASETS) {
                client.createDataset(Dataset.newBuilder().setId(d).build()).join();
                for (int i = 0; i < 8; i++) {
                    client.createArtifact(d, "a-" + i, List.of(uri("out", "s3://b/" + d.getName() + "/" + i)), List.of("t-" + i),
                            i % 3 == 0 ? null : Duration.ofDays(i)).join();
                }
            }
            client.createDataset(Dataset.newBuilder().setId(SHORT_LIVED).build()).join();
            List<String> before = listing(client);
            assertThat(before).hasSize(DATASETS.size() * 8);
            List<String> tagsBefore = tagged(client);
            assertThat(tagsBefore).hasSize(DATASETS.size() * 8).allMatch(line -> line.contains("-> a-"));

            // due some seconds after the restore below: it must be purged then, from an index nobody restored
            Artifact soon = client.createArtifact(SHORT_LIVED, "soon", List.of(uri("out", "s3://b/soon")), List.of(), Duration.ofSeconds(8)).join();
            catalog.stopApp();
            catalog.set("CATALOG_STATE_DIR", CatalogHarness.tempDir().toString());
            catalog.startApp();
            Instant restored = Instant.now();
            assertThat(listing(client)).as("listed after restoring an empty state directory").isEqualTo(before);
            assertThat(tagged(client)).as("every tag found after restoring an empty state directory").isEqualTo(tagsBefore);
            CatalogEvent expiry = expiry(catalog, "soon");
            Instant purgedAt = expiry.getAt();
            assertThat(((ArtifactExpired) expiry.getBody()).getExpiresAt()).isEqualTo(soon.getExpiresAt());
            assertThat(purgedAt).as("never before it expires").isAfterOrEqualTo(soon.getExpiresAt());
            Instant due = soon.getExpiresAt().isAfter(restored) ? soon.getExpiresAt() : restored;
            assertThat(purgedAt).as("and soon once it is due and the catalog runs (ticks every 100 ms)").isBefore(due.plusSeconds(5));

            // the catalog moves on on the second directory: the first one's files fall behind the changelogs
            DatasetId x = DATASETS.get(0);
            client.deleteArtifact(ArtifactRef.byId(x, "a-1")).join();
            client.updateArtifact(ArtifactRef.byId(x, "a-2"), List.of(uri("out", "s3://b/x/2b")), Map.of(), Duration.ofHours(3)).join();
            client.createArtifact(x, "a-new", List.of(uri("out", "s3://b/x/new")), List.of("t-1"), Duration.ofHours(1)).join();
            List<String> moved = listing(client);
            assertThat(moved).isNotEqualTo(before).hasSize(before.size());
            List<String> tagsMoved = tagged(client);
            assertThat(tagsMoved).contains(x.getName() + " t-1 -> a-new");
            catalog.stopApp();
            Map<String, Map<String, List<String>>> current = indexes(catalog.stateDir());

            catalog.set("CATALOG_STATE_DIR", first);
            catalog.startApp();
            assertThat(listing(client)).as("back on the first directory").isEqualTo(moved);
            assertThat(tagged(client)).as("back on the first directory").isEqualTo(tagsMoved);
            catalog.stopApp();
            assertThat(indexes(first)).as("its indexes are those of the artifacts now, byte for byte, nothing stale")
                    .isEqualTo(current);
        }
    }

    /** The ArtifactExpired event of the artifact, once it is published. */
    private static CatalogEvent expiry(CatalogHarness catalog, String artifactId) {
        return catalog.eventsUntil(seen -> seen.stream().anyMatch(e -> isExpiry(e, artifactId))).stream()
                .filter(e -> isExpiry(e, artifactId)).findFirst().orElseThrow();
    }

    private static boolean isExpiry(CatalogEvent event, String artifactId) {
        return event.getBody() instanceof ArtifactExpired expired && expired.getArtifactId().equals(artifactId);
    }

    private static Map<String, Map<String, List<String>>> indexes(String stateDir) {
        Map<String, Map<String, List<String>>> stores = new TreeMap<>();
        for (String store : INDEXES) {
            Map<String, List<String>> tasks = StoreFiles.dump(Path.of(stateDir), store);
            assertThat(tasks).as("tasks with store %s", store).hasSize(3);
            stores.put(store, tasks);
        }
        return stores;
    }

    /** What GetArtifact by tag finds for each tag t-0 to t-7 of each dataset. */
    private static List<String> tagged(CatalogClient client) {
        List<String> lines = new ArrayList<>();
        for (DatasetId d : DATASETS) {
            for (int i = 0; i < 8; i++) {
                String tag = "t-" + i;
                String found;
                try {
                    found = client.getArtifact(ArtifactRef.byTag(d, tag)).join().getArtifactId();
                } catch (CompletionException e) {
                    found = e.getCause() instanceof RequestFailed failed ? failed.code().name() : e.toString();
                }
                lines.add(d.getName() + " " + tag + " -> " + found);
            }
        }
        return lines;
    }

    /** Every live artifact of each dataset, in ListArtifacts' order, page by page. */
    private static List<String> listing(CatalogClient client) {
        List<String> lines = new ArrayList<>();
        for (DatasetId d : DATASETS) {
            String token = null;
            do {
                ArtifactPage page = client.listArtifacts(ListArtifacts.newBuilder().setDataset(d).setLimit(3).setPageToken(token).build()).join();
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
