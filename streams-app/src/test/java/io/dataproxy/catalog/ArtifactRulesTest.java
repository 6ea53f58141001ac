package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.deleteTagged;
import static io.dataproxy.catalog.Requests.getArtifact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactDeleted;
import io.dataproxy.avro.catalog.ArtifactExpired;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.UpdateArtifact;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactRulesTest extends RulesFixture {

    private static final String DK = DatasetKeys.of(DS);

    @BeforeEach
    void dataset() {
        handle(createDataset(DS, "region"));
    }

    @Test
    void createArtifactRefusesBadArguments() {
        assertInvalid(artifact(DS, "").partition("region", "eu").uri("o", "s3://b/k").create(), "artifact_id");
        assertInvalid(artifact(DS, "a").partition("region", "eu").create(), "at least one data value");
        assertInvalid(artifact(DS, "a").partition("region", "eu").value(DataValue.newBuilder().setName("o").build()).create(),
                "exactly one of inline and uri");
        assertInvalid(artifact(DS, "a").partition("region", "eu").value(DataValue.newBuilder().setName("o").setUri("s3://b/k")
                .setInline(ByteBuffer.wrap(new byte[1])).build()).create(), "exactly one of inline and uri");
        assertInvalid(artifact(DS, "a").uri("o", "s3://b/k").create(), "partition keys");
        assertInvalid(artifact(DS, "a").partition("region", "eu").partition("day", "1").uri("o", "s3://b/k").create(), "partition keys");
        assertInvalid(artifact(DS, "a").partition("region", "eu").inline("x", 60).inline("y", 41).create(), "over the bound of 100");
        assertInvalid(artifact(DS, "a").partition("region", "eu").uri("o", "s3://b/k").ttl(Duration.ofMillis(-1)).create(), "ttl");
        assertThat(state.artifacts()).isEmpty();
        assertThat(state.expiryKeys()).isEmpty();
    }

    @Test
    void aTtlMustBePositiveOnCreateAndUpdate() {
        assertInvalid(bare("a").uri("o", "s3://b/k").ttl(Duration.ZERO).create(), "ttl must be positive, was 0");
        handle(bare("a").uri("o", "s3://b/k").create());
        Outcome update = handle(artifact(DS, "a").uri("o", "s3://b/k2").ttl(Duration.ZERO).update());
        assertThat(errorOf(update).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(errorOf(update).getMessage()).contains("ttl must be positive");
        assertThat(update.events()).isEmpty();
        assertThat(state.artifact(DK, "a").getData()).extracting(DataValue::getUri).containsExactly("s3://b/k");
        assertThat(artifactOf(handle(bare("b").uri("o", "s3://b/b").ttl(Duration.ofMillis(1)).create())).getExpiresAt())
                .isEqualTo(Instant.ofEpochMilli(now + 1));
    }

    @Test
    void dataValueNamesAreUniqueWithinAnArtifact() {
        assertInvalid(bare("a").uri("model", "s3://b/1").uri("model", "s3://b/2").create(), "'model' is given twice");
        assertInvalid(bare("a").inline("model", 1).uri("model", "s3://b/2").create(), "'model' is given twice");
        handle(bare("a").uri("model", "s3://b/1").create());
        assertThat(errorOf(handle(artifact(DS, "a").inline("x", 1).inline("x", 2).update())).getMessage())
                .contains("'x' is given twice");
        assertThat(artifactOf(handle(bare("b").uri("model", "s3://b/1").uri("model-2", "s3://b/1").create())).getData()).hasSize(2);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "not a url", "s3:/bucket/key", "s3://bucket", "s3://bucket/", "s3:///key", "s3://bucket/abc//obj.txt",
            "s3://bucket/a/./b", "s3://bucket/uploads/x/../../private/secret.txt", "s3://bucket/..", "s3://bucket/a\nb",
            "s3://bucket/a\u0000b", "s3://bucket/invoice\u202Efdp.exe", "s3://bucket/a\\b", "s3://bucket/lone\uD800",
            "S3://bucket/key", "s3://buck et/key", "s3://bucket/key/"})
    void aUriStorageWouldRefuseOrResolveIsInvalidAtCreateAndUpdate(String uri) {
        Outcome created = handle(bare("a").uri("model", uri).create());
        assertThat(errorOf(created).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(errorOf(created).getMessage()).contains("data value 'model'");
        assertThat(created.events()).isEmpty();
        assertThat(created.uriRefDeltas()).isEmpty();

        handle(bare("b").uri("model", "s3://bucket/ok").create());
        Outcome updated = handle(artifact(DS, "b").uri("model", uri).update());
        assertThat(errorOf(updated).getMessage()).contains("data value 'model'");
        assertThat(state.artifact(DK, "b").getData()).extracting(DataValue::getUri).containsExactly("s3://bucket/ok");
    }

    @Test
    void aKeyOver1024BytesIsInvalidAndOneAtTheLimitIsAccepted() {
        String atLimit = "s3://bucket/" + "k".repeat(1024);
        assertThat(artifactOf(handle(bare("a").uri("model", atLimit).create())).getData().get(0).getUri()).isEqualTo(atLimit);
        assertThat(errorOf(handle(bare("b").uri("model", atLimit + "k").create())).getMessage()).contains("1025 bytes", "data value 'model'");
        String multiByte = "s3://bucket/" + "\u00e9".repeat(513); // 1,026 bytes of UTF-8 in 513 characters
        assertThat(codeOf(handle(bare("c").uri("model", multiByte).create()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(errorOf(handle(bare("d").uri("model", "s3://" + "b".repeat(1100) + "/" + "k".repeat(1000)).create()))
                .getMessage()).contains("at most " + Arguments.MAX_URI_BYTES);
        assertThat(artifactOf(handle(bare("e").uri("m", "gs://bucket/dir/file.parquet").uri("n", "abfs://c@acct.dfs.core.windows.net/k")
                .create())).getData()).hasSize(2);
    }

    @Test
    void dataWrittenAtIsSetByCreateAndUpdateButNotByATag() {
        Artifact created = artifactOf(handle(bare("a").uri("o", "s3://b/1").create()));
        assertThat(created.getDataWrittenAt()).isEqualTo(created.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(T0));
        advance(Duration.ofMinutes(5));
        Artifact updated = artifactOf(handle(artifact(DS, "a").uri("o", "s3://b/2").update()));
        assertThat(updated.getCreatedAt()).as("still the creation").isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(updated.getDataWrittenAt()).isEqualTo(Instant.ofEpochMilli(T0 + 300_000));
        advance(Duration.ofMinutes(1));
        Artifact tagged = artifactOf(handle(Requests.addTag(DS, "t", "a")));
        assertThat(tagged.getDataWrittenAt()).as("a tag does not write data").isEqualTo(Instant.ofEpochMilli(T0 + 300_000));
    }

    @Test
    void inlineDataUpToTheBoundIsAccepted() {
        Artifact created = artifactOf(handle(artifact(DS, "a").partition("region", "eu").inline("x", 60).inline("y", 40).create()));
        assertThat(created.getData()).hasSize(2);
    }

    @Test
    void createArtifactInAMissingDatasetIsNotFound() {
        Outcome outcome = handle(artifact(Requests.OTHER_DS, "a").uri("o", "s3://b/k").create());
        assertThat(errorOf(outcome).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(errorOf(outcome).getMessage()).contains("dataset");
    }

    @Test
    void createdAtIsTheAppendTimeAndExpiresAtAddsTheTtl() {
        Artifact created = artifactOf(handleAt(T0 - 5_000, eu("a").ttl(Duration.ofMinutes(1)).create()));
        assertThat(created.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(T0 - 5_000));
        assertThat(created.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 - 5_000 + 60_000));
        assertThat(state.expiryKeys()).containsExactly(ExpiryKey.artifact(T0 + 55_000, StoreKeys.of(DK, "a")));
        assertThat(artifactOf(handle(eu("b").create())).getExpiresAt()).isNull();
    }

    @Test
    void aLiveIdIsAlreadyExistsButAnExpiredOneIsReplaced() {
        handle(eu("a").uri("o", "s3://b/old").tag("t").ttl(Duration.ofSeconds(10)).create());
        assertThat(codeOf(handle(eu("a").uri("o", "s3://b/new").create()))).isEqualTo(ErrorCode.ALREADY_EXISTS);

        advance(Duration.ofSeconds(10)); // expires_at is exclusive: expired from that instant on
        Outcome replaced = handle(eu("a").uri("o", "s3://b/new").create());
        Artifact created = artifactOf(replaced);
        assertThat(UriReferences.of(created)).containsExactly("s3://b/new");
        assertThat(created.getTags()).isEmpty();
        assertThat(eventKinds(replaced)).containsExactly("ArtifactExpired", "ArtifactCreated");
        assertThat(((ArtifactExpired) replaced.events().get(0).getBody()).getUris()).containsExactly("s3://b/old");
        assertThat(state.tag(DK, "t")).as("the old artifact's tag went with it").isNull();
        assertThat(state.expiryKeys()).as("no entry left for the replaced artifact").isEmpty();
        assertThat(replaced.uriRefDeltas()).extracting(UriRefDelta::uri, UriRefDelta::delta)
                .containsExactly(tuple("s3://b/new", 1), tuple("s3://b/old", -1));
    }

    @Test
    void replacementDecidesByAppendTimeNotByTheClock() {
        handle(eu("a").ttl(Duration.ofSeconds(10)).create());
        advance(Duration.ofHours(1));
        // a replayed command from before the expiry still sees the artifact live
        assertThat(codeOf(handleAt(T0 + 5_000, eu("a").create()))).isEqualTo(ErrorCode.ALREADY_EXISTS);
    }

    @Test
    void tagsGivenAtCreationAreAssigned() {
        Outcome outcome = handle(eu("a").tag("x").tag("y").tag("x").create());
        assertThat(artifactOf(outcome).getTags()).containsExactly("x", "y");
        assertThat(state.tag(DK, "x")).isEqualTo("a");
        assertThat(eventKinds(outcome)).as("the tags come with the artifact").containsExactly("ArtifactCreated");
    }

    @Test
    void aCreationWhoseTagIsOnAnotherLiveArtifactWritesNothing() {
        handle(eu("a").tag("x").create());
        Outcome outcome = handle(eu("b").tag("x").create());
        assertThat(codeOf(outcome)).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(state.artifact(DK, "b")).isNull();
        assertThat(state.tag(DK, "x")).isEqualTo("a");
    }

    @Test
    void updateReplacesDataAndMetadataAndResetsTheTtl() {
        handle(eu("a").uri("o", "s3://b/1").metadata("k", "v").ttl(Duration.ofMinutes(1)).create());
        advance(Duration.ofSeconds(30));
        Outcome outcome = handle(artifact(DS, "a").uri("o", "s3://b/2").ttl(Duration.ofMinutes(5)).update());
        Artifact updated = artifactOf(outcome);
        assertThat(updated.getData()).extracting(DataValue::getUri).containsExactly("s3://b/2");
        assertThat(updated.getMetadata()).isEmpty();
        assertThat(updated.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(updated.getExpiresAt()).isEqualTo(Instant.ofEpochMilli(now + 300_000));
        assertThat(state.expiryKeys()).as("the old index entry is gone")
                .containsExactly(ExpiryKey.artifact(now + 300_000, StoreKeys.of(DK, "a")));
        assertThat(eventKinds(outcome)).containsExactly("ArtifactUpdated");
        assertThat(outcome.uriRefDeltas()).extracting(UriRefDelta::uri, UriRefDelta::delta)
                .containsExactly(tuple("s3://b/1", -1), tuple("s3://b/2", 1));
    }

    @Test
    void updateWithoutTtlClearsTheExpiry() {
        handle(eu("a").tag("t").ttl(Duration.ofMinutes(1)).create());
        UpdateArtifact byTag = artifact(DS, "t").uri("o", "s3://b/2").updateTagged();
        Artifact updated = artifactOf(handle(byTag));
        assertThat(updated.getExpiresAt()).isNull();
        assertThat(updated.getTags()).containsExactly("t");
        assertThat(state.expiryKeys()).isEmpty();
    }

    @Test
    void updateOfAMissingOrExpiredArtifactIsNotFound() {
        assertThat(codeOf(handle(artifact(DS, "nope").uri("o", "s3://b/2").update()))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(codeOf(handle(artifact(DS, "no-such-tag").uri("o", "s3://b/2").updateTagged()))).isEqualTo(ErrorCode.NOT_FOUND);
        handle(eu("a").ttl(Duration.ofSeconds(1)).create());
        advance(Duration.ofSeconds(2));
        Outcome expired = handle(artifact(DS, "a").uri("o", "s3://b/2").update());
        assertThat(errorOf(expired).getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(errorOf(expired).getMessage()).contains("expired");
    }

    @Test
    void updateNeedsExactlyOneOfIdAndTagAndValidData() {
        UpdateArtifact both = UpdateArtifact.newBuilder(artifact(DS, "a").uri("o", "s3://b/2").update()).setTagName("t").build();
        UpdateArtifact neither = UpdateArtifact.newBuilder(both).setArtifactId(null).setTagName(null).build();
        assertThat(codeOf(handle(both))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(neither))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        handle(eu("a").create());
        assertThat(codeOf(handle(artifact(DS, "a").update()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(artifact(DS, "a").inline("big", 101).update()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void deleteRemovesTheArtifactItsTagsAndItsIndexEntry() {
        handle(eu("a").uri("o", "s3://b/1").tag("x").tag("y").ttl(Duration.ofMinutes(1)).create());
        Outcome outcome = handle(deleteTagged(DS, "y"));
        assertThat(changed(outcome)).isTrue();
        assertThat(state.artifacts()).isEmpty();
        assertThat(state.tags()).isEmpty();
        assertThat(state.expiryKeys()).isEmpty();
        assertThat(((ArtifactDeleted) outcome.events().get(0).getBody()).getUris()).containsExactly("s3://b/1");
        assertThat(outcome.uriRefDeltas()).extracting(UriRefDelta::delta).containsExactly(-1);
        assertThat(codeOf(handle(getArtifact(DS, "a")))).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void deleteIsIdempotent() {
        handle(eu("a").create());
        assertThat(changed(handle(deleteArtifact(DS, "a")))).isTrue();
        Outcome again = handle(deleteArtifact(DS, "a"));
        assertThat(changed(again)).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(changed(handle(deleteTagged(DS, "never")))).isFalse();
        assertThat(codeOf(handle(io.dataproxy.avro.catalog.DeleteArtifact.newBuilder().setDataset(DS).build())))
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aUriNamedTwiceByOneArtifactIsOneReference() {
        Outcome outcome = handle(eu("a").uri("o1", "s3://b/same").uri("o2", "s3://b/same").create());
        assertThat(outcome.uriRefDeltas()).extracting(UriRefDelta::uri, UriRefDelta::delta)
                .containsExactly(tuple("s3://b/same", 1));
        assertThat(outcome.uriRefDeltas().get(0).datasetKey()).isEqualTo(DK);
    }

    /** An artifact of the fixture's dataset (partitioned by region) with one small inline value. */
    /** In the dataset's partition, without data of its own. */
    private Requests.ArtifactSpec bare(String id) {
        return artifact(DS, id).partition("region", "eu");
    }

    private Requests.ArtifactSpec eu(String id) {
        return artifact(DS, id).partition("region", "eu").inline("v", 1);
    }

    private void assertInvalid(Object command, String messagePart) {
        Outcome outcome = handle(command);
        assertThat(errorOf(outcome).getCode()).as("%s", command).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(errorOf(outcome).getMessage()).contains(messagePart);
        assertThat(outcome.events()).isEmpty();
    }
}
