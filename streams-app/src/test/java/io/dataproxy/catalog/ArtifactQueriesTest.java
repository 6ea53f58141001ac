package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getArtifact;
import static io.dataproxy.catalog.Requests.getTagged;
import static io.dataproxy.catalog.Requests.listArtifacts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.GetArtifact;
import io.dataproxy.avro.common.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @Test
    void listingIsNewestFirstAndPagesCoverEverythingExactlyOnce() {
        // 7 artifacts, several sharing a created_at, so the order needs the id tie-break
        String[] ids = {"e", "b", "g", "a", "f", "c", "d"};
        for (int i = 0; i < ids.length; i++) {
            handleAt(T0 + (i / 3) * 1000L, artifact(DS, ids[i]).partition("region", "eu").inline("v", 1).create());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ArtifactPage page = pageOf(handle(listArtifacts(DS).setLimit(3).setPageToken(token).build()));
            page.getArtifacts().forEach(a -> seen.add(a.getArtifactId()));
            token = page.getNextPageToken();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        // created_at T0+2s: d; T0+1s: a, c, f; T0: b, e, g
        assertThat(seen).containsExactly("d", "a", "c", "f", "b", "e", "g");
    }

    @Test
    void aFullLastPageHasNoToken() {
        for (String id : List.of("a", "b")) {
            handle(artifact(DS, id).partition("region", "eu").inline("v", 1).create());
        }
        ArtifactPage page = pageOf(handle(listArtifacts(DS).setLimit(2).build()));
        assertThat(page.getArtifacts()).hasSize(2);
        assertThat(page.getNextPageToken()).isNull();
    }

    @Test
    void listingFiltersByTagAndPartitionAndHidesExpired() {
        handle(artifact(DS, "eu1").partition("region", "eu").inline("v", 1).tag("t").create());
        handle(artifact(DS, "us1").partition("region", "us").inline("v", 1).create());
        handle(artifact(DS, "eu2").partition("region", "eu").inline("v", 1).ttl(Duration.ofSeconds(5)).create());
        assertThat(ids(listArtifacts(DS).build())).containsExactlyInAnyOrder("eu1", "us1", "eu2");
        assertThat(ids(listArtifacts(DS).setPartitions(java.util.Map.of("region", "eu")).build())).containsExactlyInAnyOrder("eu1", "eu2");
        assertThat(ids(listArtifacts(DS).setTagName("t").build())).containsExactly("eu1");
        assertThat(ids(listArtifacts(DS).setTagName("none").build())).isEmpty();
        advance(Duration.ofSeconds(5));
        assertThat(ids(listArtifacts(DS).setPartitions(java.util.Map.of("region", "eu")).build())).containsExactly("eu1");
    }

    @Test
    void listingArguments() {
        assertThat(codeOf(handle(listArtifacts(DS).setLimit(0).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listArtifacts(DS).setLimit(1001).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(pageOf(handle(listArtifacts(DS).setLimit(1000).build())).getArtifacts()).isEmpty();
        assertThat(codeOf(handle(listArtifacts(DS).setPageToken("not a token!").build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listArtifacts(DS).setPageToken(PageToken.ofDataset("x")).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listArtifacts(Requests.OTHER_DS).build()))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(listArtifacts(DS).build().getLimit()).as("schema default").isEqualTo(50);
    }

    private List<String> ids(Object query) {
        return pageOf(handle(query)).getArtifacts().stream().map(Artifact::getArtifactId).toList();
    }
}
