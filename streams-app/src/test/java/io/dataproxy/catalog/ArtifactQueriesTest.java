package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getArtifact;
import static io.dataproxy.catalog.Requests.getTagged;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.common.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetArtifact (ListArtifacts: {@link ArtifactListingTest}). */
class ArtifactQueriesTest extends RulesFixture {

    @BeforeEach
    void dataset() {
        handle(createDataset(DS, "region"));
    }

    @Test
    void getArtifactSaysWhetherItIsMissingExpiredOrTooOld() {
        handle(artifact(DS, "a").partition("region", "eu").inline("v", 1).tag("t").ttl(Duration.ofMinutes(10)).create());
        advance(Duration.ofMinutes(2));
        assertThat(artifactOf(handle(getArtifact(DS, "a", Duration.ofMinutes(3)))).getArtifactId()).isEqualTo("a");
        assertThat(errorOf(handle(getArtifact(DS, "a", Duration.ofMinutes(1)))).getMessage()).contains("older than max_age");
        assertThat(errorOf(handle(getArtifact(DS, "b"))).getMessage()).contains("'b' not found");
        assertThat(errorOf(handle(getTagged(DS, "nope"))).getMessage()).contains("tag 'nope' not found");

        advance(Duration.ofMinutes(8));
        for (GetArtifact get : List.of(getArtifact(DS, "a"), getTagged(DS, "t"))) {
            assertThat(errorOf(handle(get)).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(errorOf(handle(get)).getMessage()).contains("expired");
        }
        assertThat(state.artifact(io.dataproxy.wire.DatasetKeys.of(DS), "a")).as("not purged, only hidden").isNotNull();
    }

    @Test
    void maxAgeCountsFromTheLastWriteOfTheData() {
        handle(artifact(DS, "a").partition("region", "eu").inline("v", 1).tag("t").create());
        advance(Duration.ofHours(2));
        assertThat(codeOf(handle(getArtifact(DS, "a", Duration.ofHours(1))))).isEqualTo(ErrorCode.NOT_FOUND);

        // a cache overwrite: the data is fresh again, although the artifact was created two hours ago
        handle(artifact(DS, "t").inline("v", 2).updateTagged());
        advance(Duration.ofMinutes(10));
        Artifact fresh = artifactOf(handle(getArtifact(DS, "a", Duration.ofHours(1))));
        assertThat(fresh.getCreatedAt()).isEqualTo(java.time.Instant.ofEpochMilli(T0));
        advance(Duration.ofMinutes(51));
        assertThat(errorOf(handle(getArtifact(DS, "a", Duration.ofHours(1)))).getMessage())
                .contains("older than max_age", "written PT1H1M ago");
    }

    @Test
    void anArtifactStoredWithoutDataWrittenAtIsAsOldAsItsCreation() {
        handle(artifact(DS, "a").partition("region", "eu").inline("v", 1).create());
        String key = io.dataproxy.wire.DatasetKeys.of(DS);
        state.putArtifact(key, Artifact.newBuilder(state.artifact(key, "a")).setDataWrittenAt(null).build());
        advance(Duration.ofMinutes(2));
        assertThat(codeOf(handle(getArtifact(DS, "a", Duration.ofMinutes(1))))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(artifactOf(handle(getArtifact(DS, "a", Duration.ofMinutes(3)))).getArtifactId()).isEqualTo("a");
    }

    @Test
    void getArtifactArguments() {
        assertThat(codeOf(handle(GetArtifact.newBuilder().setDataset(DS).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(GetArtifact.newBuilder(getArtifact(DS, "a")).setTagName("t").build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(GetArtifact.newBuilder(getArtifact(DS, "a")).setMaxAge(-1L).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(errorOf(handle(getArtifact(Requests.OTHER_DS, "a"))).getMessage()).contains("dataset");
    }
}
