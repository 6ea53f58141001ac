package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.TagAssigned;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TagRulesTest extends RulesFixture {

    private static final String DK = DatasetKeys.of(DS);

    @BeforeEach
    void artifacts() {
        handle(createDataset(DS));
        handle(artifact(DS, "old").uri("o", "s3://b/old").tag("inputs").ttl(Duration.ofSeconds(10)).create());
        handle(artifact(DS, "new").uri("o", "s3://b/new").create());
    }

    @Test
    void aTagOnAnotherLiveArtifactIsAlreadyExists() {
        Outcome outcome = handle(addTag(DS, "inputs", "new"));
        assertThat(codeOf(outcome)).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(state.tag(DK, "inputs")).isEqualTo("old");
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void aTagMovesOffAnExpiredArtifact() {
        advance(Duration.ofSeconds(10));
        Outcome outcome = handle(addTag(DS, "inputs", "new"));
        assertThat(artifactOf(outcome).getTags()).containsExactly("inputs");
        assertThat(state.tag(DK, "inputs")).isEqualTo("new");
        assertThat(state.artifact(DK, "old").getTags()).as("the expired artifact no longer lists the tag").isEmpty();
        TagAssigned assigned = (TagAssigned) outcome.events().get(0).getBody();
        assertThat(assigned.getArtifactId()).isEqualTo("new");
        assertThat(assigned.getTagName()).isEqualTo("inputs");
    }

    @Test
    void aTagMovesOffADeletedArtifact() {
        handle(deleteArtifact(DS, "old"));
        assertThat(artifactOf(handle(addTag(DS, "inputs", "new"))).getTags()).containsExactly("inputs");
    }

    @Test
    void theSameTagOnTheSameArtifactIsIdempotent() {
        Outcome outcome = handle(addTag(DS, "inputs", "old"));
        assertThat(artifactOf(outcome).getTags()).containsExactly("inputs");
        assertThat(outcome.events()).isEmpty();
    }

    @Test
    void theArtifactMustExistAndBeLive() {
        assertThat(codeOf(handle(addTag(DS, "t", "missing")))).isEqualTo(ErrorCode.NOT_FOUND);
        advance(Duration.ofSeconds(10));
        assertThat(errorOf(handle(addTag(DS, "t", "old"))).getMessage()).contains("expired");
        assertThat(codeOf(handle(addTag(Requests.OTHER_DS, "t", "new")))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(state.tag(DK, "t")).isNull();
    }

    @Test
    void tagAndArtifactIdAreRequired() {
        assertThat(codeOf(handle(addTag(DS, "", "new")))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(addTag(DS, "t", "")))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void livenessIsJudgedAtTheCommandsEventTime() {
        advance(Duration.ofMinutes(5));
        // replayed from before "old" expired: the tag must not move
        assertThat(codeOf(handleAt(T0 + 5_000, addTag(DS, "inputs", "new")))).isEqualTo(ErrorCode.ALREADY_EXISTS);
    }
}
