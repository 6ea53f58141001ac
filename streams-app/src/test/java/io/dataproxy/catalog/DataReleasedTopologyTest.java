package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.OTHER_DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.DataReleased;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference counts per data uri across datasets (different partitions), and DataReleased when the last one goes. */
class DataReleasedTopologyTest {

    private static final String SHARED = "s3://bucket/shared/output.pb";

    private final CatalogDriver catalog = new CatalogDriver();

    @BeforeEach
    void datasets() {
        catalog.send(DS, createDataset(DS));
        catalog.send(OTHER_DS, createDataset(OTHER_DS));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void releasedOnlyWhenTheLastArtifactReferencingTheUriGoes() {
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).ttl(Duration.ofSeconds(5)).create());
        catalog.send(OTHER_DS, artifact(OTHER_DS, "b").uri("o", SHARED).uri("o2", "s3://bucket/only-b").create());
        assertThat(catalog.<String, Long>store(CatalogTopology.URI_REFS_STORE))
                .containsEntry(SHARED, 2L).containsEntry("s3://bucket/only-b", 1L);
        catalog.events();

        catalog.advance(Duration.ofSeconds(6)); // "a" expires and is purged
        assertThat(released(catalog.eventRecords())).isEmpty();
        assertThat(catalog.<String, Long>store(CatalogTopology.URI_REFS_STORE)).containsEntry(SHARED, 1L);

        catalog.send(OTHER_DS, deleteArtifact(OTHER_DS, "b"));
        List<TestRecord<String, CatalogEvent>> records = catalog.eventRecords();
        List<TestRecord<String, CatalogEvent>> released = released(records);
        assertThat(released).extracting(r -> ((DataReleased) r.value().getBody()).getUri())
                .containsExactlyInAnyOrder(SHARED, "s3://bucket/only-b");
        assertThat(released).as("keyed by the dataset whose write released the last reference")
                .allSatisfy(r -> {
                    assertThat(r.key()).isEqualTo(DatasetKeys.of(OTHER_DS));
                    assertThat(r.value().getDataset()).isEqualTo(OTHER_DS);
                });
        assertThat(catalog.<String, Long>store(CatalogTopology.URI_REFS_STORE)).isEmpty();
    }

    @Test
    void anUpdateThatDropsAUriReleasesItAndOneThatKeepsItDoesNot() {
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).create());
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).metadata("k", "v").update());
        assertThat(released(catalog.eventRecords())).isEmpty();
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://bucket/new").update());
        assertThat(released(catalog.eventRecords())).extracting(r -> ((DataReleased) r.value().getBody()).getUri())
                .containsExactly(SHARED);
        assertThat(catalog.<String, Long>store(CatalogTopology.URI_REFS_STORE)).containsOnlyKeys("s3://bucket/new");
    }

    @Test
    void replacingAnExpiredArtifactReleasesItsOldData() {
        catalog.sendAt(DS, artifact(DS, "a").uri("o", SHARED).ttl(Duration.ofSeconds(1)).create(), catalog.now().minusSeconds(10));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://bucket/new").create());
        assertThat(released(catalog.eventRecords())).extracting(r -> ((DataReleased) r.value().getBody()).getUri())
                .containsExactly(SHARED);
    }

    private static List<TestRecord<String, CatalogEvent>> released(List<TestRecord<String, CatalogEvent>> records) {
        return records.stream().filter(r -> r.value().getBody() instanceof DataReleased).toList();
    }
}
