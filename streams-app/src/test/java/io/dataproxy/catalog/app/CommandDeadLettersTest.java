package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.registry.MockSchemaRegistry;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireDeserializer;
import io.dataproxy.serde.BadMagicByteException;
import io.dataproxy.catalog.TopicLimits;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RecordSize;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandDeadLettersTest {

    private static final String REGISTRY = "mock://command-dead-letters";
    private final CommandDeadLetters handler = new CommandDeadLetters();

    CommandDeadLettersTest() {
        handler.configure(Map.of("schema.registry.url", REGISTRY, CatalogConfig.DEFAULT_REPLY_TOPIC_CONFIG, "catalog.replies",
                CatalogConfig.ALLOWED_REPLY_TOPICS_CONFIG, "my.replies",
                CatalogConfig.TOPIC_LIMITS_CONFIG, (TopicLimits) topic -> topic.equals("catalog.commands-dlt")
                        ? OptionalInt.of(DLT_LIMIT) : OptionalInt.of(1_048_588)));
    }

    private static final int DLT_LIMIT = 2_000;

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope("command-dead-letters");
    }

    private static ConsumerRecord<byte[], byte[]> poison(RecordHeaders headers) {
        return new ConsumerRecord<>("catalog.commands", 2, 17L, 1234L, TimestampType.CREATE_TIME, 4, 3,
                "key".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3}, headers, Optional.empty());
    }

    @Test
    void undecodableRecordGoesToTheDeadLetterTopicUntouched() {
        Response response = handler.handleError(null, poison(new RecordHeaders()), new BadMagicByteException((byte) 1));
        assertThat(response.result()).isEqualTo(Result.RESUME);
        List<ProducerRecord<byte[], byte[]>> out = response.deadLetterQueueRecords();
        assertThat(out).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = out.get(0);
        assertThat(dead.topic()).isEqualTo("catalog.commands-dlt");
        assertThat(dead.value()).containsExactly(1, 2, 3);
        assertThat(text(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("catalog.commands");
        assertThat(DeadLetterHeaders.originalPartition(dead.headers())).hasValue(2);
        assertThat(DeadLetterHeaders.originalOffset(dead.headers())).hasValue(17);
        assertThat(DeadLetterHeaders.originalTimestamp(dead.headers())).hasValue(1234);
        assertThat(text(dead, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(BadMagicByteException.class.getName());
    }

    @Test
    void aSenderWithACorrelationIdIsToldOnTheTopicAndPartitionItNamed() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, "c-1".getBytes(StandardCharsets.UTF_8));
        headers.add(RequestReplyHeaders.REPLY_TOPIC, "my.replies".getBytes(StandardCharsets.UTF_8));
        headers.add(RequestReplyHeaders.REPLY_PARTITION, RequestReplyHeaders.partitionBytes(1));
        List<ProducerRecord<byte[], byte[]>> out = handler.handleError(null, poison(headers),
                new SerializationException("corrupt")).deadLetterQueueRecords();
        assertThat(out).hasSize(2);
        ProducerRecord<byte[], byte[]> reply = out.get(1);
        assertThat(reply.topic()).isEqualTo("my.replies");
        assertThat(reply.partition()).isEqualTo(1);
        assertThat(reply.headers().lastHeader(RequestReplyHeaders.CORRELATION_ID).value()).isEqualTo("c-1".getBytes(StandardCharsets.UTF_8));
        AvroWireDeserializer<CatalogReply> decoder = new AvroWireDeserializer<>(CatalogReply.class);
        decoder.configure(Map.of("schema.registry.url", REGISTRY), false);
        CatalogReply decoded = decoder.deserialize("my.replies", reply.value());
        assertThat(decoded.getRequestId()).as("unknown: the request was not read").isEmpty();
        assertThat(decoded.getBody()).isInstanceOfSatisfying(Error.class, e -> {
            assertThat(e.getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("corrupt").contains("catalog.commands-dlt");
        });
    }

    @Test
    void aReplyTopicOutsideTheAllowListGetsNoReplyButTheDeadLetterStillLands() {
        for (String topic : new String[] {"catalog.events", "other.replies", "bad name"}) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(RequestReplyHeaders.CORRELATION_ID, "c-1".getBytes(StandardCharsets.UTF_8));
            headers.add(RequestReplyHeaders.REPLY_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
            List<ProducerRecord<byte[], byte[]>> out = handler.handleError(null, poison(headers),
                    new SerializationException("corrupt")).deadLetterQueueRecords();
            assertThat(out).as(topic).extracting(ProducerRecord::topic).containsExactly("catalog.commands-dlt");
        }
    }

    @Test
    void aDeadLetterIsCutToFitTheDeadLetterTopic() {
        byte[] big = new byte[10_000];
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("catalog.commands", 0, 1L, 1L, TimestampType.CREATE_TIME,
                3, big.length, "key".getBytes(StandardCharsets.UTF_8), big, new RecordHeaders(), Optional.empty());
        ProducerRecord<byte[], byte[]> dead = handler.handleError(null, record, new BadMagicByteException((byte) 7))
                .deadLetterQueueRecords().get(0);
        assertThat(RecordSize.of(dead.key(), dead.value(), dead.headers().toArray())).isLessThanOrEqualTo(DLT_LIMIT);
        assertThat(DeadLetter.isTruncated(dead.headers())).isTrue();
        assertThat(text(dead, DeadLetterHeaders.ORIGINAL_VALUE_SIZE)).isEqualTo("10000");
    }

    @Test
    void anUnreachableRegistryFailsInsteadOfDeadLettering() {
        SerializationException outage = new SerializationException("could not fetch writer schema",
                new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0, "GET http://registry/schemas/ids/1 failed: connection refused"));
        assertThat(handler.handleError(null, poison(new RecordHeaders()), outage).result()).isEqualTo(Result.FAIL);
    }

    private static String text(ProducerRecord<byte[], byte[]> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }
}
