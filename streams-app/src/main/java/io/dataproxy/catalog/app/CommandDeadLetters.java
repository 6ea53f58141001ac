package io.dataproxy.catalog.app;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RequestReplyHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog command that cannot be decoded goes, bytes untouched, to {@code <topic>-dlt} with the reason
 * in Spring Kafka's dead-letter headers, and processing moves on. If its sender gave a correlation id,
 * it also gets an {@code INVALID_ARGUMENT} reply instead of waiting for a timeout. Both records are
 * written by Kafka Streams in the same transaction as the offset that skips the poison record.
 *
 * <p>A schema registry that cannot be reached says nothing about the record: that fails the stream
 * thread, which the app replaces, so the record is read again once the registry answers.
 */
public final class CommandDeadLetters implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandDeadLetters.class);

    private final AvroWireSerializer<CatalogReply> replies = new AvroWireSerializer<>();
    private String defaultReplyTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        replies.configure(configs, false);
        Object topic = configs.get(CatalogConfig.DEFAULT_REPLY_TOPIC_CONFIG);
        defaultReplyTopic = topic == null ? "catalog.replies" : topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (exception.getCause() instanceof SchemaRegistryException registry && !registry.isNotFound()) {
            log.warn("schema registry unavailable while decoding {}-{}@{}; failing the stream thread to retry: {}",
                    record.topic(), record.partition(), record.offset(), exception.getMessage());
            return Response.fail();
        }
        String dlt = DeadLetterHeaders.deadLetterTopic(record.topic());
        log.warn("{}-{}@{} is not a readable catalog request, sent to {}: {}", record.topic(), record.partition(),
                record.offset(), dlt, DeadLetterHeaders.reasonText(exception));
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(new ProducerRecord<>(dlt, null, record.key(), record.value(), DeadLetterHeaders.describe(record.topic(),
                record.partition(), record.offset(), record.timestamp(), record.headers(), exception)));
        RequestReplyHeaders.correlationId(record.headers()).ifPresent(id -> out.add(errorReply(record, id, exception, dlt)));
        return Response.resume(out);
    }

    private ProducerRecord<byte[], byte[]> errorReply(ConsumerRecord<byte[], byte[]> record, byte[] correlationId,
                                                      Exception exception, String dlt) {
        String topic = RequestReplyHeaders.replyTopic(record.headers()).orElse(defaultReplyTopic);
        OptionalInt partition = RequestReplyHeaders.replyPartition(record.headers());
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlationId);
        CatalogReply reply = CatalogReply.newBuilder()
                .setRequestId(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8))
                .setBody(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT).setMessage("the request could not be decoded ("
                        + DeadLetterHeaders.reasonText(exception) + "); it was sent to " + dlt).build())
                .build();
        return new ProducerRecord<>(topic, partition.isPresent() ? partition.getAsInt() : null, record.key(),
                replies.serialize(topic, headers, reply), headers);
    }
}
