package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.catalog.DataValue;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.registry.MockSchemaRegistry;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.DatasetKeys;
import io.dataproxy.wire.RecordSize;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The envelope measured without serializing bounds what is serialized: error replies and results of the room fit. */
class ReplyEnvelopeTest {

    private final String scope = "envelope-" + UUID.randomUUID();
    private final AvroWireSerializer<CatalogReply> serializer = new AvroWireSerializer<>();

    ReplyEnvelopeTest() {
        serializer.configure(Map.of("schema.registry.url", "mock://" + scope), false);
    }

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, 127, 128, 20_000, 300_000})
    void theLargestErrorReplyAndAResultOfTheRoomFit(int idBytes) {
        byte[] key = DatasetKeys.bytes(Requests.DS);
        String requestId = "r".repeat(idBytes);
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, new byte[idBytes]);
        ReplyEnvelope envelope = ReplyEnvelope.of(key, requestId, headers);

        String widest = "\u20ac".repeat(ReplyWriter.MAX_ERROR_MESSAGE_CHARS) + "…"; // 3 bytes a character in UTF-8
        CatalogReply error = CatalogReply.newBuilder().setRequestId(requestId).setBody(Error.newBuilder()
                .setCode(ErrorCode.INVALID_ARGUMENT).setMessage(widest).build()).build();
        assertThat(size(key, error, headers)).isLessThanOrEqualTo(envelope.errorReplyBytes());

        ReplyRouter.Target target = new ReplyRouter.Target("t", null, 1_048_576);
        long room = envelope.room(target);
        Artifact artifact = artifactOf(room);
        assertThat(EncodedSize.of(artifact)).isBetween(room - 8, room);
        CatalogReply result = CatalogReply.newBuilder().setRequestId(requestId)
                .setBody(ArtifactResult.newBuilder().setArtifact(artifact).build()).build();
        assertThat(size(key, result, headers)).isLessThanOrEqualTo(target.maxBytes());
    }

    /** An artifact of about {@code bytes} encoded. */
    private static Artifact artifactOf(long bytes) {
        Artifact empty = Artifact.newBuilder().setDataset(Requests.DS).setArtifactId("a").setCreatedAt(Instant.EPOCH)
                .setData(List.of(DataValue.newBuilder().setName("v").setInline(ByteBuffer.wrap(new byte[0])).build())).build();
        long inline = bytes - EncodedSize.of(empty) - 3; // the inline length's varint grows to 3 bytes
        return Artifact.newBuilder(empty).setData(List.of(DataValue.newBuilder().setName("v")
                .setInline(ByteBuffer.wrap(new byte[(int) inline])).build())).build();
    }

    private int size(byte[] key, CatalogReply reply, Headers headers) {
        return RecordSize.of(key, serializer.serialize("t", headers, reply), headers.toArray());
    }
}
