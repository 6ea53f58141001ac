package io.dataproxy.catalog;

import static io.dataproxy.catalog.CatalogDriver.code;
import static io.dataproxy.catalog.CatalogDriver.page;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.listArtifacts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ListArtifacts' index in RocksDB, through Kafka: kept in step with the artifacts (without a changelog), and pages read from it. */
class ListingIndexTopologyTest {

    private final CatalogDriver catalog = new CatalogDriver(CatalogDriver.expiry(Duration.ofSeconds(1), 100));

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void theIndexFollowsEveryWriteWithoutAChangelog() {
        catalog.send(DS, createDataset(DS, "region"));

        create(artifact(DS, "a").ttl(Duration.ofSeconds(3)));
        create(artifact(DS, "b"));
        assertIndexMatchesTheArtifacts(2);

        catalog.send(DS, addTag(DS, "t", "b"));
        catalog.send(DS, artifact(DS, "b").inline("v", 2).ttl(Duration.ofHours(1)).update());
        assertIndexMatchesTheArtifacts(2);

        catalog.send(DS, deleteArtifact(DS, "b"));
        assertIndexMatchesTheArtifacts(1);
        catalog.advance(Duration.ofSeconds(4)); // the purge of 'a'
        assertIndexMatchesTheArtifacts(0);

        // appended a minute ago with a 10 s ttl: expired, not purged (no punctuation since); a create of the id replaces it
        catalog.sendAt(DS, artifact(DS, "x").partition("region", "eu").inline("v", 1).ttl(Duration.ofSeconds(10)).create(),
                catalog.now().minusSeconds(60));
        create(artifact(DS, "x"));
        create(artifact(DS, "y"));
        assertIndexMatchesTheArtifacts(2);
        assertThat(catalog.driver.producedTopicNames()).as("no changelog for the index")
                .noneMatch(topic -> topic.contains(CatalogTopology.LISTING_INDEX_STORE));
    }

    /** The index holds one entry per stored artifact, keyed and valued as {@link ListingKey} and {@link ListingEntry} say. */
    private void assertIndexMatchesTheArtifacts(int entries) {
        Map<Bytes, Bytes> expected = new TreeMap<>();
        catalog.<String, Artifact>store(CatalogTopology.ARTIFACTS_STORE).forEach((storeKey, artifact) -> expected.put(
                Bytes.wrap(ListingKey.of(StoreKeys.datasetKey(storeKey), artifact).toBytes()), Bytes.wrap(ListingEntry.of(artifact).toBytes())));
        assertThat(catalog.<Bytes, Bytes>store(CatalogTopology.LISTING_INDEX_STORE)).hasSize(entries).isEqualTo(expected);
    }

    @Test
    void pagesReadTheirDatasetsEntriesOnly() {
        // a dataset whose key extends DS's: in RocksDB its entries follow DS's directly
        DatasetId longer = DatasetId.newBuilder(DS).setVersion(DS.getVersion() + "0").build();
        assertThat(DatasetKeys.of(longer)).startsWith(DatasetKeys.of(DS));
        catalog.send(DS, createDataset(DS, "region"));
        catalog.send(longer, createDataset(longer, "region"));
        for (int i = 0; i < 7; i++) {
            create(artifact(DS, "ours-" + i));
            catalog.send(longer, artifact(longer, "theirs-" + i).partition("region", "eu").inline("v", 1).create());
            catalog.advance(Duration.ofMillis(1));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ArtifactPage page = page(catalog.send(DS, listArtifacts(DS).setLimit(3).setPageToken(token).build()));
            page.getArtifacts().stream().map(Artifact::getArtifactId).forEach(seen::add);
            token = page.getNextPageToken();
        } while (token != null);
        assertThat(seen).containsExactly("ours-6", "ours-5", "ours-4", "ours-3", "ours-2", "ours-1", "ours-0");
    }

    private void create(Requests.ArtifactSpec spec) {
        assertThat(code(catalog.send(DS, spec.partition("region", "eu").inline("v", 1).create()))).isNull();
    }
}
