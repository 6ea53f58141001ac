package io.dataproxy.client;

import io.dataproxy.avro.catalog.DatasetId;
import java.util.Objects;

/**
 * One artifact of a dataset, named either by its id or by a tag that points to it (exactly one of the two),
 * as GetArtifact, UpdateArtifact and DeleteArtifact take it.
 */
public record ArtifactRef(DatasetId dataset, String artifactId, String tagName) {

    public ArtifactRef {
        Objects.requireNonNull(dataset, "dataset");
        if ((artifactId == null) == (tagName == null)) {
            throw new IllegalArgumentException("name an artifact by its id or by a tag, exactly one of the two");
        }
    }

    public static ArtifactRef byId(DatasetId dataset, String artifactId) {
        return new ArtifactRef(dataset, Objects.requireNonNull(artifactId, "artifactId"), null);
    }

    public static ArtifactRef byTag(DatasetId dataset, String tagName) {
        return new ArtifactRef(dataset, null, Objects.requireNonNull(tagName, "tagName"));
    }
}
