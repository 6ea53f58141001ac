package io.dataproxy.catalog.app;

import io.dataproxy.avro.catalog.CatalogReply;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.catalog.RegistryOutage;
import io.dataproxy.catalog.ReplyRouter;
import io.dataproxy.catalog.TopicLimits;
import io.dataproxy.serde.AvroWireSerializer;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.LogSafe;
import io.dataproxy.wire.RecordSize;
import io.dataproxy.wire.ReplyTopics;
import io.dataproxy.wire.RequestReplyHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line behind the command processor's own triage: a command record that Kafka Streams could not
 * deserialize at all. (Poison normally reaches the processor as a value, see {@code ReceivedCommand}; what gets
 * here is an error the catalog's deserializer did not expect.) It goes to {@code <topic>-dlt} as
 * {@link DeadLetter} builds it (the record's own bytes, cut to fit if need be), with one log line, and processing
 * moves on. A sender that gave a correlation id also gets an {@code INVALID_ARGUMENT} reply, under the same rules as
 * every reply: only to the catalog's reply topic or an allowed one that exists, and only if it fits. All of it is
 * written in the transaction that skips the record.
 *
 * <p>A schema registry that cannot answer says nothing about the record: that fails the stream thread, which the
 * app replaces, so the record is read again once the registry answers.
 */
public final class CommandDeadLetters implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(CommandDeadLetters.class);

    private final AvroWireSerializer<CatalogReply> replies = new AvroWireSerializer<>();
    private ReplyRouter router;
    private int maxRequestSize;
    private TopicLimits limits;

    @Override
    public void configure(Map<String, ?> configs) {
        replies.configure(configs, false);
        Object topic = configs.get(CatalogConfig.DEFAULT_REPLY_TOPIC_CONFIG);
        String defaultTopic = topic == null ? CatalogSettings.REPLIES_TOPIC : topic.toString();
        Object size = configs.get(CatalogConfig.MAX_REQUEST_SIZE_CONFIG);
        maxRequestSize = size == null ? CatalogSettings.DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(size.toString());
        Object given = configs.get(CatalogConfig.TOPIC_LIMITS_CONFIG);
        // without the app's lookup (a test), only the catalog's own reply topic is known to exist
        limits = given instanceof TopicLimits l ? l
                : t -> t.equals(defaultTopic) ? OptionalInt.of(maxRequestSize) : OptionalInt.empty();
        router = new ReplyRouter(new ReplyTopics(defaultTopic, Set.copyOf(list(configs, CatalogConfig.ALLOWED_REPLY_TOPICS_CONFIG)),
                list(configs, CatalogConfig.ALLOWED_REPLY_TOPIC_PREFIXES_CONFIG)), limits, maxRequestSize);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryOutage.isOutage(exception)) {
            log.warn("{}-{}@{}: the schema registry cannot answer; failing the stream thread to read it again: {}",
                    record.topic(), record.partition(), record.offset(), LogSafe.text(DeadLetterHeaders.reasonText(exception)));
            return Response.fail();
        }
        String dlt = DeadLetterHeaders.deadLetterTopic(record.topic());
        int max = Math.min(maxRequestSize, limits.maxMessageBytes(dlt).orElse(maxRequestSize));
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(DeadLetter.of(record, exception, max));
        log.warn("{}-{}@{} is not a readable catalog request, sent to {}: {}", record.topic(), record.partition(),
                record.offset(), dlt, LogSafe.text(DeadLetterHeaders.reasonText(exception)));
        log.debug("{}-{}@{}: the reason's stack", record.topic(), record.partition(), record.offset(), exception);
        RequestReplyHeaders.correlationId(record.headers()).ifPresent(id -> {
            ProducerRecord<byte[], byte[]> reply = errorReply(record, id, exception, dlt);
            if (reply != null) {
                out.add(reply);
            }
        });
        return Response.resume(out);
    }

    /** The error reply, or null when the request names a topic the catalog may not write to, or it would not fit. */
    private ProducerRecord<byte[], byte[]> errorReply(ConsumerRecord<byte[], byte[]> record, byte[] correlationId,
                                                      Exception exception, String dlt) {
        if (!(router.route(record.headers()) instanceof ReplyRouter.Target target)) {
            return null;
        }
        Headers headers = new RecordHeaders();
        headers.add(RequestReplyHeaders.CORRELATION_ID, correlationId);
        CatalogReply reply = CatalogReply.newBuilder().setRequestId("")
                .setBody(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT).setMessage("the request could not be decoded ("
                        + DeadLetterHeaders.reasonText(exception) + "); it was sent to " + dlt).build())
                .build();
        byte[] value = replies.serialize(target.topic(), headers, reply);
        if (RecordSize.of(record.key(), value, headers.toArray()) > target.maxBytes()) {
            return null;
        }
        return new ProducerRecord<>(target.topic(), target.partition(), record.key(), value, headers);
    }

    private static List<String> list(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null || value.toString().isBlank()) {
            return List.of();
        }
        return List.of(value.toString().split(","));
    }
}
