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
import io.dataproxy.avro.catalog.ArtifactCreated;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DatasetCreated;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.catalog.TagAssigned;
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
    void createsAndReadsAnArtifactWithItsTimesFromTheEventTime() {
        catalog.send(DS, createDataset(DS));
        Instant eventTime = catalog.now().minusSeconds(30);
        Artifact created = artifact(catalog.sendAt(DS, artifact(DS, "a1").uri("out", "s3://bucket/a1").tag("inputs-1")
                .ttl(Duration.ofHours(1)).create(), eventTime));

        assertThat(created.getCreatedAt()).isEqualTo(eventTime);
        assertThat(created.getExpiresAt()).isEqualTo(eventTime.plus(Duration.ofHours(1)));
        assertThat(created.getTags()).containsExactly("inputs-1");
        assertThat(artifact(catalog.send(DS, getArtifact(DS, "a1")))).isEqualTo(created);
        assertThat(artifact(catalog.send(DS, Requests.getTagged(DS, "inputs-1")))).isEqualTo(created);

        List<CatalogEvent> events = catalog.events();
        assertThat(events).extracting(e -> e.getBody().getClass().getSimpleName())
                .containsExactly("DatasetCreated", "ArtifactCreated", "TagAssigned");
        assertThat(((ArtifactCreated) events.get(1).getBody()).getArtifact()).isEqualTo(created);
        assertThat(events.get(1).getAt()).isEqualTo(eventTime);
        assertThat(((TagAssigned) events.get(2).getBody()).getArtifactId()).isEqualTo("a1");
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
    void aRequestKeyedByAnotherDatasetIsRefused() {
        catalog.send(DS, createDataset(DS));
        CatalogReply reply = catalog.send(DatasetKeys.of(Requests.OTHER_DS), getDataset(DS), null);
        assertThat(error(reply).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(error(reply).getMessage()).contains("record key");
    }
}
