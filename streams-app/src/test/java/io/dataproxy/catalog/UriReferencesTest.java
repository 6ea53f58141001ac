package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UriReferencesTest {

    @Test
    void changeTakesNewUrisReleasesDroppedOnesAndLeavesSharedOnesAlone() {
        Artifact before = artifact("s3://b/kept", "s3://b/dropped");
        Artifact after = artifact("s3://b/kept", "s3://b/added");
        assertThat(UriReferences.change(before, after)).isEqualTo(Map.of("s3://b/dropped", -1, "s3://b/added", 1));
        assertThat(UriReferences.change(null, before)).isEqualTo(Map.of("s3://b/kept", 1, "s3://b/dropped", 1));
        assertThat(UriReferences.change(after, null)).isEqualTo(Map.of("s3://b/kept", -1, "s3://b/added", -1));
    }

    @Test
    void countReleasesOnlyWhenTheLastReferenceGoes() {
        assertThat(UriReferences.Count.apply(0, 1)).isEqualTo(new UriReferences.Count(1, false));
        assertThat(UriReferences.Count.apply(2, -1)).isEqualTo(new UriReferences.Count(1, false));
        assertThat(UriReferences.Count.apply(1, -1)).isEqualTo(new UriReferences.Count(0, true));
        assertThat(UriReferences.Count.apply(0, -1)).as("a release without a reference").isEqualTo(new UriReferences.Count(0, false));
    }

    private static Artifact artifact(String... uris) {
        Requests.ArtifactSpec spec = Requests.artifact(Requests.DS, "a").inline("inline", 1);
        for (String uri : uris) {
            spec.uri(uri, uri);
        }
        var create = spec.create();
        return Artifact.newBuilder().setDataset(create.getDataset()).setArtifactId("a").setData(create.getData())
                .setCreatedAt(java.time.Instant.EPOCH).build();
    }
}
