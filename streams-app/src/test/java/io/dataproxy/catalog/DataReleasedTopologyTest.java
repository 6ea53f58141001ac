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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reference counts per data uri across datasets (different partitions), and DataReleased once the count has
 * stayed at 0 for the grace period (30 s by default).
 */
class DataReleasedTopologyTest {

    private static final String SHARED = "s3://bucket/shared/output.pb";
    private static final Duration GRACE = Duration.ofSeconds(30);

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
        assertThat(catalog.uriRefs())
                .containsEntry(SHARED, UriRefCount.referenced(2)).containsEntry("s3://bucket/only-b", UriRefCount.referenced(1));
        catalog.events();

        catalog.advance(Duration.ofSeconds(6)); // "a" expires and is purged
        assertThat(catalog.uriRefs()).containsEntry(SHARED, UriRefCount.referenced(1));
        catalog.advance(GRACE);
        assertThat(released(catalog.eventRecords())).isEmpty();

        Instant deletedAt = catalog.now();
        catalog.send(OTHER_DS, deleteArtifact(OTHER_DS, "b"));
        catalog.advance(GRACE);
        List<TestRecord<String, CatalogEvent>> released = released(catalog.eventRecords());
        assertThat(released).extracting(r -> ((DataReleased) r.value().getBody()).getUri())
                .containsExactlyInAnyOrder(SHARED, "s3://bucket/only-b");
        Instant publishedAt = catalog.now(); // the tick at the end of the grace period published them
        assertThat(publishedAt).isEqualTo(deletedAt.plus(GRACE));
        assertThat(released).as("keyed by the dataset whose write released the last reference, stamped when published")
                .allSatisfy(r -> {
                    assertThat(r.key()).isEqualTo(DatasetKeys.of(OTHER_DS));
                    assertThat(r.value().getDataset()).isEqualTo(OTHER_DS);
                    assertThat(r.value().getAt()).isEqualTo(publishedAt);
                    assertThat(r.getRecordTime()).isEqualTo(publishedAt);
                });
        assertThat(catalog.uriRefs()).isEmpty();
        assertThat(catalog.releaseIndex()).isEmpty();
    }

    @Test
    void anUpdateThatDropsAUriReleasesItAndOneThatKeepsItDoesNot() {
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).create());
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).metadata("k", "v").update());
        catalog.advance(GRACE);
        assertThat(released(catalog.eventRecords())).isEmpty();
        assertThat(catalog.releaseIndex()).isEmpty();

        catalog.send(DS, artifact(DS, "a").uri("o", "s3://bucket/new").update());
        catalog.advance(GRACE);
        assertThat(releasedUris()).containsExactly(SHARED);
        assertThat(catalog.uriRefs()).containsOnlyKeys("s3://bucket/new");
    }

    @Test
    void replacingAnExpiredArtifactReleasesItsOldData() {
        catalog.sendAt(DS, artifact(DS, "a").uri("o", SHARED).ttl(Duration.ofSeconds(1)).create(), catalog.now().minusSeconds(10));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://bucket/new").create());
        catalog.advance(GRACE);
        assertThat(releasedUris()).containsExactly(SHARED);
    }

    @Test
    void theReleaseWaitsForTheGracePeriodAndKeepsTheCountAtZeroMeanwhile() {
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).create());
        catalog.send(DS, deleteArtifact(DS, "a"));
        long dueAt = catalog.now().plus(GRACE).toEpochMilli();
        assertThat(catalog.uriRefs()).containsExactly(Map.entry(SHARED, UriRefCount.releasing(dueAt)));
        assertThat(catalog.releaseIndex()).containsExactly(new ReleaseKey(dueAt, SHARED));

        catalog.advance(GRACE.minusSeconds(1)); // ticks every second: the last one before the grace ends
        assertThat(releasedUris()).isEmpty();
        assertThat(catalog.releaseIndex()).hasSize(1);

        catalog.advance(Duration.ofSeconds(1)); // the grace ends at dueAt, inclusive
        assertThat(releasedUris()).containsExactly(SHARED);
        assertThat(catalog.uriRefs()).isEmpty();
        assertThat(catalog.releaseIndex()).isEmpty();
    }

    @Test
    void aReferenceTakenWithinTheGraceKeepsTheData() {
        // dataset B's create is counted after dataset A's delete: had B written first, this is the reordering
        // the repartition topic allows, and the data must stay
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).create());
        catalog.send(DS, deleteArtifact(DS, "a"));
        catalog.advance(Duration.ofSeconds(10));
        catalog.send(OTHER_DS, artifact(OTHER_DS, "b").uri("o", SHARED).create());

        catalog.advance(GRACE);
        assertThat(releasedUris()).isEmpty();
        assertThat(catalog.uriRefs()).containsExactly(Map.entry(SHARED, UriRefCount.referenced(1)));
        assertThat(catalog.releaseIndex()).as("the stale entry was dropped").isEmpty();
    }

    @Test
    void deltasOfTwoDatasetsCountedOutOfOrderReleaseNothing() {
        String a = DatasetKeys.of(DS);
        String b = DatasetKeys.of(OTHER_DS);
        long t = catalog.now().toEpochMilli();
        catalog.pipeDelta(new UriRefDelta(SHARED, a, +1, t));
        // written: B takes a reference, then A drops its one; counted the other way round
        catalog.pipeDelta(new UriRefDelta(SHARED, a, -1, t + 2));
        catalog.pipeDelta(new UriRefDelta(SHARED, b, +1, t + 1));

        catalog.advance(GRACE.plusSeconds(1));
        assertThat(releasedUris()).isEmpty();
        assertThat(catalog.uriRefs()).containsExactly(Map.entry(SHARED, UriRefCount.referenced(1)));

        catalog.pipeDelta(new UriRefDelta(SHARED, b, -1, t + 3)); // B's is the last reference after all
        catalog.advance(GRACE);
        List<TestRecord<String, CatalogEvent>> released = released(catalog.eventRecords());
        assertThat(released).hasSize(1);
        assertThat(released.get(0).key()).isEqualTo(b);
        assertThat(released.get(0).value().getAt()).as("when it was published").isEqualTo(catalog.now());
    }

    @Test
    void anOlderEntryOfAUriReleasedAgainCannotReleaseItEarly() {
        catalog.send(DS, artifact(DS, "a").uri("o", SHARED).create());
        catalog.send(DS, deleteArtifact(DS, "a")); // due at +30 s
        long firstDue = catalog.now().plus(GRACE).toEpochMilli();
        catalog.advance(Duration.ofSeconds(10));
        catalog.send(OTHER_DS, artifact(OTHER_DS, "b").uri("o", SHARED).create());
        catalog.advance(Duration.ofSeconds(10));
        catalog.send(OTHER_DS, deleteArtifact(OTHER_DS, "b")); // due at +50 s
        long secondDue = catalog.now().plus(GRACE).toEpochMilli();
        assertThat(catalog.releaseIndex()).containsExactly(new ReleaseKey(firstDue, SHARED), new ReleaseKey(secondDue, SHARED));

        catalog.advance(Duration.ofSeconds(11)); // +31 s: the first entry is due, and the count is 0 again
        assertThat(releasedUris()).as("only 11 s after the last reference went").isEmpty();
        assertThat(catalog.releaseIndex()).containsExactly(new ReleaseKey(secondDue, SHARED));
        assertThat(catalog.uriRefs()).containsEntry(SHARED, UriRefCount.releasing(secondDue));

        catalog.advance(Duration.ofSeconds(19)); // +50 s
        List<TestRecord<String, CatalogEvent>> released = released(catalog.eventRecords());
        assertThat(released).extracting(r -> ((DataReleased) r.value().getBody()).getUri()).containsExactly(SHARED);
        assertThat(released.get(0).key()).as("released by B's delete").isEqualTo(DatasetKeys.of(OTHER_DS));
        assertThat(catalog.releaseIndex()).isEmpty();
    }

    @Test
    void aTickPublishesAtMostMaxPerTick() {
        try (CatalogDriver limited = new CatalogDriver(CatalogDriver.expiry(Duration.ofSeconds(1), 2))) {
            long t = limited.now().toEpochMilli();
            for (int i = 0; i < 5; i++) {
                limited.pipeDelta(new UriRefDelta("s3://bucket/" + i, DatasetKeys.of(DS), +1, t));
                limited.pipeDelta(new UriRefDelta("s3://bucket/" + i, DatasetKeys.of(DS), -1, t));
            }
            limited.advance(GRACE);
            assertThat(releasedUris(limited)).containsExactly("s3://bucket/0", "s3://bucket/1");
            assertThat(limited.releaseIndex()).hasSize(3);
            limited.advance(Duration.ofSeconds(1));
            assertThat(releasedUris(limited)).containsExactly("s3://bucket/2", "s3://bucket/3");
            limited.advance(Duration.ofSeconds(1));
            assertThat(releasedUris(limited)).containsExactly("s3://bucket/4");
            assertThat(limited.releaseIndex()).isEmpty();
            assertThat(limited.uriRefs()).isEmpty();
        }
    }

    @Test
    void aZeroGracePublishesOnTheNextTick() {
        try (CatalogDriver immediate = new CatalogDriver(CatalogDriver.releaseGrace(Duration.ZERO))) {
            immediate.send(DS, createDataset(DS));
            immediate.send(DS, artifact(DS, "a").uri("o", SHARED).create());
            immediate.send(DS, deleteArtifact(DS, "a"));
            assertThat(releasedUris(immediate)).isEmpty();
            immediate.advance(Duration.ofSeconds(1));
            assertThat(releasedUris(immediate)).containsExactly(SHARED);
        }
    }

    private List<String> releasedUris() {
        return releasedUris(catalog);
    }

    private static List<String> releasedUris(CatalogDriver driver) {
        return released(driver.eventRecords()).stream().map(r -> ((DataReleased) r.value().getBody()).getUri()).toList();
    }

    private static List<TestRecord<String, CatalogEvent>> released(List<TestRecord<String, CatalogEvent>> records) {
        return records.stream().filter(r -> r.value().getBody() instanceof DataReleased).toList();
    }
}
