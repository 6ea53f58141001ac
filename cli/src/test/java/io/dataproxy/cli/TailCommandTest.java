package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DataproxyInfraExtension.class)
class TailCommandTest {

    private final Infra infra;

    TailCommandTest(Infra infra) {
        this.infra = infra;
    }

    @Test
    void decodesWireFormatAvroToJsonLinesAndShowsWhatItCannotDecode() throws Exception {
        String topic = infra.uniqueName("tail");
        infra.createTopics(1, topic);
        UrlRequest request = UrlRequest.newBuilder().setRequestId("req-1")
                .setDeadline(Instant.parse("2026-05-01T10:00:00Z"))
                .setBody(CreateUploadLocation.newBuilder().setProject("flytesnacks").setDomain("development")
                        .setContentMd5(ByteBuffer.wrap(new byte[] {1, 2, 3})).setContentLength(3L).build())
                .build();
        byte[] encoded;
        try (AvroWireSerializer<UrlRequest> serializer = new AvroWireSerializer<>()) {
            serializer.configure(infra.kafkaClientProps(), false);
            encoded = serializer.serialize(topic, request);
        }
        byte[] binaryHeader = {0, (byte) 0xff, 7};
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("kafka_replyTopic", "replies".getBytes(StandardCharsets.UTF_8));
            headers.add("kafka_correlationId", binaryHeader);
            headers.add("kafka_replyPartition", ByteBuffer.allocate(4).putInt(2).array());
            headers.add("x-binary", binaryHeader);
            producer.send(new ProducerRecord<>(topic, null, 1_700_000_000_000L, bytes("req-1"), encoded, headers));
            producer.send(new ProducerRecord<>(topic, bytes("poison"), bytes("{\"not\": \"avro\"}")));
            producer.send(new ProducerRecord<>(topic, bytes("unknown-schema"), new byte[] {0, 0, 0, 0x7f, 0x7f, 2}));
            producer.flush();
        }

        Cli.Result tail = Cli.against(infra, "tail", topic, "--from-beginning");
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        List<String> lines = tail.lines();
        assertThat(lines).as("stops at the end without --follow").hasSize(3);

        JsonNode decoded = Json.MAPPER.readTree(lines.get(0));
        assertThat(decoded.get("topic").asText()).isEqualTo(topic);
        assertThat(decoded.get("partition").asInt()).isZero();
        assertThat(decoded.get("offset").asLong()).isZero();
        assertThat(decoded.get("timestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(decoded.get("key").asText()).isEqualTo("req-1");
        assertThat(decoded.get("headers").get("kafka_replyTopic").asText()).isEqualTo("replies");
        assertThat(decoded.get("headers").get("kafka_correlationId").asText()).as("binary, not 16 bytes: hex").isEqualTo("00ff07");
        assertThat(decoded.get("headers").get("x-binary").get("base64").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(binaryHeader));
        assertThat(decoded.get("headers").get("kafka_replyPartition").asInt()).isEqualTo(2);
        JsonNode value = decoded.get("value");
        assertThat(value.get("request_id").asText()).isEqualTo("req-1");
        assertThat(value.get("deadline").asText()).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(value.get("body").get("project").asText()).isEqualTo("flytesnacks");
        assertThat(value.get("body").get("content_md5").asText()).isEqualTo("AQID");
        assertThat(value.get("body").get("content_length").asLong()).isEqualTo(3);

        JsonNode poison = Json.MAPPER.readTree(lines.get(1));
        assertThat(poison.get("value_base64").asText()).isEqualTo(Base64.getEncoder().encodeToString(bytes("{\"not\": \"avro\"}")));
        assertThat(poison.get("note").asText()).contains("not Confluent wire format");
        JsonNode unknown = Json.MAPPER.readTree(lines.get(2));
        assertThat(unknown.get("note").asText()).contains("schema id 32639 is not in the schema registry");

        Cli.Result grep = Cli.against(infra, "tail", topic, "--from-beginning", "--grep", "flytesnacks");
        assertThat(grep.lines()).hasSize(1).allSatisfy(line -> assertThat(line).contains("\"key\":\"req-1\""));
        Cli.Result max = Cli.against(infra, "tail", topic, "--from-beginning", "--max", "2");
        assertThat(max.lines()).hasSize(2);
    }

    /** Spring's and our clients' correlation ids are 16-byte UUIDs: shown as one, as a person would grep for it. */
    @Test
    void aSixteenByteCorrelationIdIsShownAsAUuid() throws Exception {
        String topic = infra.uniqueName("tail-uuid");
        infra.createTopics(1, topic);
        java.util.UUID id = java.util.UUID.randomUUID();
        byte[] idBytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("kafka_correlationId", idBytes);
            producer.send(new ProducerRecord<>(topic, null, bytes("k"), new byte[] {1}, headers)).get();
        }
        Cli.Result tail = Cli.against(infra, "tail", topic, "--from-beginning");
        assertThat(Json.MAPPER.readTree(tail.lines().get(0)).get("headers").get("kafka_correlationId").asText())
                .isEqualTo(id.toString());
    }

    /** Without the registry every value would be base64: that is the unreachable exit (3) with one line, not a WARN and 0. */
    @Test
    void anUnreachableRegistryEndsTheTailWithExitThree() throws Exception {
        String topic = infra.uniqueName("tail-no-registry");
        infra.createTopics(1, topic);
        try (KafkaProducer<byte[], byte[]> producer = infra.bytesProducer()) {
            producer.send(new ProducerRecord<>(topic, bytes("k"), new byte[] {0, 0, 0, 0, 1, 2})).get();
        }
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Cli.Result tail = Cli.run("tail", topic, "--from-beginning", "--bootstrap-servers", infra.bootstrapServers(),
                "--schema-registry-url", "http://127.0.0.1:" + closedPort);
        assertThat(tail.exitCode()).as(tail.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(tail.err()).contains("cannot reach the schema registry").hasLineCount(1);
    }

    @Test
    void anUnknownTopicIsAUsageErrorListingTheTopics() {
        String topic = infra.uniqueName("listed");
        infra.createTopics(1, topic);
        Cli.Result tail = Cli.against(infra, "tail", "no-such-topic");
        assertThat(tail.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tail.err()).contains("topic no-such-topic does not exist").contains(topic).hasLineCount(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
