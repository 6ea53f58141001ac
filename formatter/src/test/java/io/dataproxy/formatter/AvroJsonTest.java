package io.dataproxy.formatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Specific records to JSON and back: what the catalog's read path writes and its Java client reads. */
class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Artifact artifact(String id, Instant expiresAt) {
        return Artifact.newBuilder()
                .setDataset(DatasetId.newBuilder().setOrg("o").setProject("p").setDomain("d").setName("n").setVersion("v").build())
                .setArtifactId(id)
                .setData(List.of(DataValue.newBuilder().setName("uri").setUri("s3://b/k").build(),
                        DataValue.newBuilder().setName("inline").setInline(ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 'a'})).build()))
                .setMetadata(Map.of("k", "v\u0000\n"))
                .setPartitions(Map.of("region", "eu"))
                .setTags(List.of("t1"))
                .setCreatedAt(Instant.parse("2026-01-02T03:04:05.678Z"))
                .setExpiresAt(expiresAt)
                .build();
    }

    @Test
    void aSpecificRecordReadsBackAsItWasWritten() throws Exception {
        ArtifactPage page = ArtifactPage.newBuilder().setArtifacts(List.of(artifact("a", null),
                artifact("b", Instant.parse("2027-01-01T00:00:00Z")))).setNextPageToken("tok").build();
        JsonNode json = JSON.readTree(JSON.writeValueAsString(AvroJson.of(page, page.getSchema())));
        assertThat(json.path("artifacts").get(1).path("expires_at").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(json.path("artifacts").get(0).path("data").get(1).path("inline").asText()).isEqualTo("AP9h");
        assertThat(AvroJson.read(json, ArtifactPage.getClassSchema())).isEqualTo(page);
    }

    @Test
    void aUnionOfRecordsIsReadByItsType() throws Exception {
        CatalogReply reply = CatalogReply.newBuilder().setRequestId("r")
                .setBody(Error.newBuilder().setCode(ErrorCode.NOT_FOUND).setMessage("gone").build()).build();
        JsonNode json = JSON.readTree(JSON.writeValueAsString(AvroJson.of(reply, reply.getSchema())));
        assertThat(json.path("body").path("@type").asText()).isEqualTo("Error");
        assertThat(AvroJson.read(json, CatalogReply.getClassSchema())).isEqualTo(reply);
    }

    @Test
    void missingFieldsTakeTheirDefaultsAndWrongShapesAreRefused() throws Exception {
        JsonNode minimal = JSON.readTree("{\"artifacts\": []}");
        assertThat(((ArtifactPage) AvroJson.read(minimal, ArtifactPage.getClassSchema())).getNextPageToken()).isNull();
        assertThatThrownBy(() -> AvroJson.read(JSON.readTree("{\"artifacts\": [\"x\"]}"), ArtifactPage.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AvroJson.read(JSON.readTree("{}"), Artifact.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(((Artifact) AvroJson.read(JSON.readTree(JSON.writeValueAsString(AvroJson.of(artifact("c", null),
                Artifact.getClassSchema()))), Artifact.getClassSchema())).getData().get(1).getInline().array(), StandardCharsets.ISO_8859_1))
                .hasSize(3);
    }
}
