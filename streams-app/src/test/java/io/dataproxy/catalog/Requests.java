package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.AddTag;
import io.dataproxy.avro.catalog.CreateArtifact;
import io.dataproxy.avro.catalog.CreateDataset;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DeleteArtifact;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.catalog.GetDataset;
import io.dataproxy.avro.catalog.GetOrExtendReservation;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.avro.catalog.ReleaseReservation;
import io.dataproxy.avro.catalog.UpdateArtifact;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for tests, built fluently: {@code artifact(DS, "a1").uri("out", "s3://b/k").ttl(ofMinutes(5)).create()}. */
final class Requests {

    static final DatasetId DS = dataset("flyte_task-train");
    static final DatasetId OTHER_DS = dataset("flyte_task-eval");

    private Requests() {
    }

    static DatasetId dataset(String name) {
        return DatasetId.newBuilder().setOrg("").setProject("flytesnacks").setDomain("development").setName(name)
                .setVersion("1.0-abc-def").build();
    }

    static CreateDataset createDataset(DatasetId id, String... partitionKeys) {
        return CreateDataset.newBuilder().setDataset(Dataset.newBuilder().setId(id).setPartitionKeys(List.of(partitionKeys)).build()).build();
    }

    static GetDataset getDataset(DatasetId id) {
        return GetDataset.newBuilder().setDataset(id).build();
    }

    static ListDatasets.Builder listDatasets() {
        return ListDatasets.newBuilder();
    }

    static ArtifactSpec artifact(DatasetId dataset, String id) {
        return new ArtifactSpec(dataset, id);
    }

    static DataValue uri(String name, String uri) {
        return DataValue.newBuilder().setName(name).setUri(uri).build();
    }

    static DataValue inline(String name, int bytes) {
        return DataValue.newBuilder().setName(name).setInline(ByteBuffer.wrap(new byte[bytes])).build();
    }

    static AddTag addTag(DatasetId dataset, String tag, String artifactId) {
        return AddTag.newBuilder().setDataset(dataset).setTagName(tag).setArtifactId(artifactId).build();
    }

    static DeleteArtifact deleteArtifact(DatasetId dataset, String artifactId) {
        return DeleteArtifact.newBuilder().setDataset(dataset).setArtifactId(artifactId).build();
    }

    static DeleteArtifact deleteTagged(DatasetId dataset, String tag) {
        return DeleteArtifact.newBuilder().setDataset(dataset).setTagName(tag).build();
    }

    static GetArtifact getArtifact(DatasetId dataset, String artifactId) {
        return GetArtifact.newBuilder().setDataset(dataset).setArtifactId(artifactId).build();
    }

    static GetArtifact getTagged(DatasetId dataset, String tag) {
        return GetArtifact.newBuilder().setDataset(dataset).setTagName(tag).build();
    }

    static GetArtifact getArtifact(DatasetId dataset, String artifactId, Duration maxAge) {
        return GetArtifact.newBuilder().setDataset(dataset).setArtifactId(artifactId).setMaxAge(maxAge.toMillis()).build();
    }

    static ListArtifacts.Builder listArtifacts(DatasetId dataset) {
        return ListArtifacts.newBuilder().setDataset(dataset);
    }

    static GetOrExtendReservation reserve(DatasetId dataset, String tag, String owner, Duration heartbeat) {
        return GetOrExtendReservation.newBuilder().setDataset(dataset).setTagName(tag).setOwnerId(owner)
                .setHeartbeatInterval(heartbeat.toMillis()).build();
    }

    static ReleaseReservation release(DatasetId dataset, String tag, String owner) {
        return ReleaseReservation.newBuilder().setDataset(dataset).setTagName(tag).setOwnerId(owner).build();
    }

    /** An artifact to create, or the new content of one to update. */
    static final class ArtifactSpec {
        private final DatasetId dataset;
        private final String id;
        private final List<DataValue> data = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, String> partitions = new LinkedHashMap<>();
        private final List<String> tags = new ArrayList<>();
        private Long ttl;

        ArtifactSpec(DatasetId dataset, String id) {
            this.dataset = dataset;
            this.id = id;
        }

        ArtifactSpec uri(String name, String uri) {
            return value(Requests.uri(name, uri));
        }

        ArtifactSpec inline(String name, int bytes) {
            return value(Requests.inline(name, bytes));
        }

        ArtifactSpec value(DataValue value) {
            data.add(value);
            return this;
        }

        ArtifactSpec metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        ArtifactSpec partition(String key, String value) {
            partitions.put(key, value);
            return this;
        }

        ArtifactSpec tag(String tag) {
            tags.add(tag);
            return this;
        }

        ArtifactSpec ttl(Duration ttl) {
            this.ttl = ttl.toMillis();
            return this;
        }

        CreateArtifact create() {
            return CreateArtifact.newBuilder().setDataset(dataset).setArtifactId(id).setData(data).setMetadata(metadata)
                    .setPartitions(partitions).setTags(tags).setTtl(ttl).build();
        }

        /** An update of the artifact with this id (artifact_id set). */
        UpdateArtifact update() {
            return UpdateArtifact.newBuilder().setDataset(dataset).setArtifactId(id).setData(data).setMetadata(metadata)
                    .setTtl(ttl).build();
        }

        /** An update of the artifact the tag points to (the spec's id is taken as the tag name). */
        UpdateArtifact updateTagged() {
            return UpdateArtifact.newBuilder().setDataset(dataset).setTagName(id).setData(data).setMetadata(metadata)
                    .setTtl(ttl).build();
        }
    }
}
