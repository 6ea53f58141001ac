package io.dataproxy.signer.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.testkit.DataproxyInfraExtension;
import io.dataproxy.testkit.Infra;
import io.dataproxy.testkit.Records;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a client that knows nothing of our client library sees: plain Kafka producers and consumers,
 * the headers of docs/wire-contract.md, dead letters for what cannot be read.
 */
@ExtendWith(DataproxyInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireLevelTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Infra infra;
    private SignerHarness signer;
    private KafkaProducer<byte[], byte[]> producer;
    private AvroWireSerializer<UrlRequest> requests;
    private AvroWireDeserializer<UrlReply> replies;

    @BeforeAll
    void start(Infra infra) {
        this.infra = infra;
        signer = SignerHarness.start(infra, "s3", Map.of("SIGNER_ALLOWED_REPLY_TOPIC_PREFIXES", "my-replies-"));
        producer = infra.bytesProducer();
        requests = new AvroWireSerializer<>();
        requests.configure(infra.kafkaClientProps(), false);
        replies = new AvroWireDeserializer<>(UrlReply.class);
        replies.configure(infra.kafkaClientProps(), false);
    }

    @AfterAll
    void stop() {
        producer.close();
        signer.close();
    }

    private byte[] request(String requestId) {
        return requests.serialize(signer.requests, UrlRequest.newBuilder().setRequestId(requestId)
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("r").setContentLength(1L)
                        .build()).build());
    }

    @Test
    void replyGoesToTheTopicAndPartitionNamedInTheHeaders() throws Exception {
        String replyTopic = infra.uniqueName("my-replies");
        infra.createTopics(3, replyTopic);
        byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        headers.add(RequestReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        headers.add(RequestReplyHeaders.REPLY_PARTITION, RequestReplyHeaders.partitionBytes(2));
        producer.send(new ProducerRecord<>(signer.requests, null, bytes("req-1"), request("req-1"), headers)).get();

        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("plain"))) {
            consumer.subscribe(List.of(replyTopic));
            ConsumerRecord<byte[], byte[]> reply = Records.poll(consumer, 1, WAIT).get(0);
            assertThat(reply.partition()).isEqualTo(2);
            assertThat(reply.key()).isEqualTo(bytes("req-1"));
            assertThat(reply.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()).isEqualTo(correlation);
            UrlReply decoded = replies.deserialize(replyTopic, reply.value());
            assertThat(decoded.getRequestId()).isEqualTo("req-1");
            assertThat(decoded.getBody()).isInstanceOf(UploadLocation.class);
        }
    }

    @Test
    void withoutHeadersTheReplyGoesToTheDefaultTopicKeyedByRequestId() throws Exception {
        producer.send(new ProducerRecord<>(signer.requests, bytes("no-headers"), request("no-headers"))).get();
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("plain"))) {
            consumer.subscribe(List.of(signer.replies));
            ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(consumer, r -> new String(r.key(), StandardCharsets.UTF_8).equals("no-headers"), WAIT);
            assertThat(replies.deserialize(signer.replies, reply.value()).getRequestId()).isEqualTo("no-headers");
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheNextRequestIsAnswered() throws Exception {
        String dlt = signer.requests + "-dlt";
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).putInt(42).array();
        byte[] correlation = bytes("poison-corr");
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlation);
        // one partition for all three, so "the next request" really comes after the poison
        producer.send(new ProducerRecord<>(signer.requests, 0, bytes("garbage"), garbage)).get();
        producer.send(new ProducerRecord<>(signer.requests, 0, bytes("unknown-id"), unknownSchema, headers)).get();

        UrlReply next = signer.client().request(UrlRequest.newBuilder().setRequestId("after-poison")
                .setBody(CreateUploadLocation.newBuilder().setProject("p").setDomain("d").setFilenameRoot("r").setContentLength(1L)
                        .build()).build(),
                WAIT).join();
        assertThat(next.getBody()).isInstanceOf(UploadLocation.class);

        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("dlt"))) {
            consumer.subscribe(List.of(dlt));
            List<ConsumerRecord<byte[], byte[]>> dead = Records.poll(consumer, 2, WAIT);
            ConsumerRecord<byte[], byte[]> first = dead.stream().filter(r -> new String(r.key()).equals("garbage")).findFirst().orElseThrow();
            assertThat(first.value()).as("bytes untouched").isEqualTo(garbage);
            assertThat(header(first, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(signer.requests);
            // Spring's encodings: a 4-byte partition, 8-byte offset and timestamp
            assertThat(first.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION).value()).hasSize(4);
            assertThat(DeadLetterHeaders.originalPartition(first.headers())).hasValue(0);
            assertThat(first.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).hasSize(8);
            assertThat(DeadLetterHeaders.originalOffset(first.headers())).isPresent();
            assertThat(DeadLetterHeaders.originalTimestamp(first.headers()).orElseThrow()).isPositive();
            assertThat(header(first, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo("io.dataproxy.serde.BadMagicByteException");
            assertThat(header(first, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();

            ConsumerRecord<byte[], byte[]> second = dead.stream().filter(r -> new String(r.key()).equals("unknown-id")).findFirst().orElseThrow();
            assertThat(second.value()).isEqualTo(unknownSchema);
            assertThat(header(second, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo("io.dataproxy.serde.UnknownSchemaIdException");
            assertThat(second.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()).isEqualTo(correlation);
        }

        // the requester of the undecodable record that sent a correlation id is told, not left waiting
        try (KafkaConsumer<byte[], byte[]> consumer = infra.bytesConsumer(infra.uniqueName("plain"))) {
            consumer.subscribe(List.of(signer.replies));
            ConsumerRecord<byte[], byte[]> reply = Records.firstMatching(consumer, r -> r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID) != null
                    && new String(r.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()).equals("poison-corr"), WAIT);
            UrlReply decoded = replies.deserialize(signer.replies, reply.value());
            assertThat(decoded.getBody()).isInstanceOfSatisfying(Error.class, e -> {
                assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(e.getMessage()).contains("could not be decoded").contains(dlt);
            });
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
