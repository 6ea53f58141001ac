package io.dataproxy.catalog;

import static io.dataproxy.catalog.CatalogDriver.artifact;
import static io.dataproxy.catalog.CatalogDriver.code;
import static io.dataproxy.catalog.CatalogDriver.error;
import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getArtifact;
import static io.dataproxy.catalog.Requests.getDataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.avro.catalog.ArtifactCreated;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write and read path of datasets and artifacts through Kafka: replies, events, stores. */
class CatalogTopologyTest {

    private final CatalogDriver catalog = new CatalogDriver();

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void createsADatasetOnceAndPublishesDatasetCreated() {
        CatalogReply created = catalog.send(DS, createDataset(DS, "region"));
        assertThat(created.getBody()).isInstanceOf(DatasetResult.class);
        assertThat(((DatasetResult) created.getBody()).getDataset().getPartitionKeys()).containsExactly("region");

        assertThat(code(catalog.send(DS, createDataset(DS, "region")))).isEqualTo(ErrorCode.ALREADY_EXISTS);

        List<CatalogEvent> events = catalog.events();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getBody()).isInstanceOf(DatasetCreated.class);
        assertThat(events.get(0).getAt()).isEqualTo(catalog.now());
        assertThat(((DatasetResult) catalog.send(DS, getDataset(DS)).getBody()).getDataset().getId()).isEqualTo(DS);
    }

    @Test
    void createsAndReadsAnArtifactWithItsTimesFromTheAppendTime() {
        catalog.send(DS, createDataset(DS));
        Instant appended = catalog.now().minusSeconds(30); // appended 30 s ago, read now
        Artifact created = artifact(catalog.sendAt(DS, artifact(DS, "a1").uri("out", "s3://bucket/a1").tag("inputs-1")
                .ttl(Duration.ofHours(1)).create(), appended));

        assertThat(created.getCreatedAt()).isEqualTo(appended);
        assertThat(created.getExpiresAt()).isEqualTo(appended.plus(Duration.ofHours(1)));
        assertThat(created.getTags()).containsExactly("inputs-1");
        assertThat(artifact(catalog.send(DS, getArtifact(DS, "a1")))).isEqualTo(created);
        assertThat(artifact(catalog.send(DS, Requests.getTagged(DS, "inputs-1")))).isEqualTo(created);

        List<CatalogEvent> events = catalog.events();
        assertThat(events).extracting(e -> e.getBody().getClass().getSimpleName())
                .containsExactly("DatasetCreated", "ArtifactCreated");
        assertThat(((ArtifactCreated) events.get(1).getBody()).getArtifact()).isEqualTo(created);
        assertThat(events.get(1).getAt()).isEqualTo(appended);
        assertThat(((ArtifactCreated) events.get(1).getBody()).getArtifact().getTags()).containsExactly("inputs-1");
    }

    @Test
    void eventsAreKeyedByTheDatasetKey() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a1").uri("out", "s3://b/k").create());
        assertThat(catalog.eventRecords()).extracting(r -> r.key()).containsOnly(DatasetKeys.of(DS));
    }

    @Test
    void aLiveArtifactIdCannotBeCreatedTwice() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a1").uri("out", "s3://b/1").create());
        CatalogReply again = catalog.send(DS, artifact(DS, "a1").uri("out", "s3://b/2").create());
        assertThat(error(again).getCode()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(artifact(catalog.send(DS, getArtifact(DS, "a1"))).getData().get(0).getUri()).isEqualTo("s3://b/1");
    }

    @Test
    void anArtifactNeedsItsDataset() {
        assertThat(code(catalog.send(DS, artifact(DS, "a1").uri("out", "s3://b/k").create()))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(catalog.send(DS, getDataset(DS)))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(catalog.events()).isEmpty();
    }

    @Test
    void tagsUpdatesAndDeletesThroughKafka() {
        catalog.send(DS, createDataset(DS));
        catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/a").ttl(Duration.ofSeconds(10)).create());
        catalog.send(DS, artifact(DS, "b").uri("o", "s3://b/b").create());
        assertThat(artifact(catalog.send(DS, Requests.addTag(DS, "t", "a"))).getTags()).containsExactly("t");
        assertThat(code(catalog.send(DS, Requests.addTag(DS, "t", "b")))).isEqualTo(ErrorCode.ALREADY_EXISTS);

        catalog.advance(Duration.ofSeconds(10)); // "a" expired (and purged by the punctuator)
        assertThat(artifact(catalog.send(DS, Requests.addTag(DS, "t", "b"))).getTags()).containsExactly("t");

        Artifact updated = artifact(catalog.send(DS, artifact(DS, "t").uri("o", "s3://b/b2").ttl(Duration.ofMinutes(1)).updateTagged()));
        assertThat(updated.getArtifactId()).isEqualTo("b");
        assertThat(updated.getExpiresAt()).isEqualTo(catalog.now().plus(Duration.ofMinutes(1)));
        assertThat(code(catalog.send(DS, artifact(DS, "a").uri("o", "s3://b/x").update()))).isEqualTo(ErrorCode.NOT_FOUND);

        assertThat(((Done) catalog.send(DS, Requests.deleteTagged(DS, "t")).getBody()).getChanged()).isTrue();
        assertThat(((Done) catalog.send(DS, Requests.deleteArtifact(DS, "b")).getBody()).getChanged()).isFalse();
        assertThat(catalog.<String, Object>store(CatalogTopology.ARTIFACTS_STORE)).isEmpty();
        assertThat(catalog.<String, Object>store(CatalogTopology.TAGS_STORE)).isEmpty();
        assertThat(catalog.expiryIndex()).isEmpty();
    }

    @Test
    void listArtifactsPagesThroughKafka() {
        catalog.send(DS, createDataset(DS));
        for (int i = 0; i < 5; i++) {
            catalog.send(DS, artifact(DS, "a" + i).inline("v", 1).create());
            catalog.advance(Duration.ofMillis(10));
        }
        List<String> seen = new java.util.ArrayList<>();
        String token = null;
        do {
            ArtifactPage page = CatalogDriver.page(catalog.send(DS, Requests.listArtifacts(DS).setLimit(2).setPageToken(token).build()));
            page.getArtifacts().forEach(a -> seen.add(a.getArtifactId()));
            token = page.getNextPageToken();
        } while (token != null);
        assertThat(seen).containsExactly("a4", "a3", "a2", "a1", "a0");
    }

    @Test
    void reservationsThroughKafka() {
        ReservationResult acquired = CatalogDriver.reservation(catalog.send(DS, Requests.reserve(DS, "t", "w1", Duration.ofSeconds(5))));
        assertThat(acquired.getStatus()).isEqualTo(ReservationStatus.ACQUIRED);
        catalog.advance(Duration.ofSeconds(1));
        ReservationResult extended = CatalogDriver.reservation(catalog.send(DS, Requests.reserve(DS, "t", "w1", Duration.ofSeconds(5))));
        assertThat(extended.getReservation().getExpiresAt()).isAfter(acquired.getReservation().getExpiresAt());
        ReservationResult other = CatalogDriver.reservation(catalog.send(DS, Requests.reserve(DS, "t", "w2", Duration.ofSeconds(5))));
        assertThat(other.getStatus()).isEqualTo(ReservationStatus.EXISTS);
        assertThat(other.getReservation().getOwnerId()).isEqualTo("w1");
        assertThat(((Done) catalog.send(DS, Requests.release(DS, "t", "w1")).getBody()).getChanged()).isTrue();
        assertThat(((Done) catalog.send(DS, Requests.release(DS, "t", "w1")).getBody()).getChanged()).isFalse();
        assertThat(CatalogDriver.reservation(catalog.send(DS, Requests.reserve(DS, "t", "w2", Duration.ofSeconds(5)))).getStatus())
                .isEqualTo(ReservationStatus.ACQUIRED);
        assertThat(catalog.events()).extracting(e -> e.getBody().getClass().getSimpleName())
                .containsExactly("ReservationAcquired", "ReservationReleased", "ReservationAcquired");
    }

    @Test
    void listDatasetsReadsTheGlobalDirectoryFedByTheEvents() {
        catalog.send(DS, createDataset(DS));
        catalog.send(Requests.OTHER_DS, createDataset(Requests.OTHER_DS));
        assertThat(catalog.<String, Object>store(CatalogTopology.DATASET_DIRECTORY_STORE)).hasSize(2);

        DatasetPage first = (DatasetPage) catalog.send("any-key", Requests.listDatasets().setLimit(1).build(), null).getBody();
        assertThat(first.getDatasets()).hasSize(1);
        assertThat(first.getNextPageToken()).isNotNull();
        DatasetPage second = (DatasetPage) catalog.send("any-key",
                Requests.listDatasets().setLimit(1).setPageToken(first.getNextPageToken()).build(), null).getBody();
        assertThat(second.getNextPageToken()).isNull();
        assertThat(List.of(first.getDatasets().get(0).getId(), second.getDatasets().get(0).getId()))
                .containsExactlyInAnyOrder(DS, Requests.OTHER_DS);
        DatasetPage filtered = (DatasetPage) catalog.send("any-key", Requests.listDatasets().setName("flyte_task-eval").build(), null).getBody();
        assertThat(filtered.getDatasets()).extracting(d -> d.getId()).containsExactly(Requests.OTHER_DS);
    }

    @Test
    void aRequestKeyedByAnotherDatasetIsRefused() {
        catalog.send(DS, createDataset(DS));
        CatalogReply reply = catalog.send(DatasetKeys.of(Requests.OTHER_DS), getDataset(DS), null);
        assertThat(error(reply).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error(reply).getMessage()).contains("record key");
    }
}
