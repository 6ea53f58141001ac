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
        assertThat(decoded.get("headers").get("kafka_correlationId").get("base64").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(binaryHeader));
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
