package io.dataproxy.catalog;

import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.LogSafe;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before a command is executed, whether it can be answered at all, and dead-letters it when not: poison
 * (bytes that are not a catalog request), a reply topic the catalog may not write to, or a request whose
 * correlation id, request id and key leave no room even for an error reply. A dead letter is the command's own
 * record, cut to fit the dead-letter topic if need be ({@link DeadLetter}), and gets one log line: topic, partition,
 * offset and the escaped reason (the stack only at DEBUG).
 */
final class CommandTriage {

    private static final Logger log = LoggerFactory.getLogger(CommandTriage.class);

    private final ProcessorContext<String, CatalogOutput> context;
    private final CatalogSettings settings;
    private final TopicLimits limits;
    private final CatalogMetrics metrics;

    CommandTriage(ProcessorContext<String, CatalogOutput> context, CatalogSettings settings, TopicLimits limits,
                  CatalogMetrics metrics) {
        this.context = context;
        this.settings = settings;
        this.limits = limits;
        this.metrics = metrics;
    }

    /** Where the reply goes, or {@code null} when the command was dead-lettered instead (and must not be executed). */
    ReplyRouter.Target target(Record<String, ReceivedCommand> record, ReplyRouter.Route route, ReplyEnvelope envelope) {
        if (route instanceof ReplyRouter.Refusal refusal) {
            deadLetter(record, refusal.reason());
            return null;
        }
        ReplyRouter.Target target = (ReplyRouter.Target) route;
        int errorReply = envelope.errorReplyBytes();
        if (errorReply > target.maxBytes()) {
            deadLetter(record, new ReplyTooLargeException("even an error reply to this request would be " + errorReply
                    + " bytes, over the " + target.maxBytes() + " a record to " + target.topic() + " may take: its "
                    + "request_id, kafka_correlationId and key are too large"));
            return null;
        }
        return target;
    }

    /** Forwards the command's dead letter to {@code <commands>-dlt}, logs it once and counts it. */
    void deadLetter(Record<String, ReceivedCommand> record, RuntimeException reason) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String dlt = settings.deadLetterTopic();
        int max = Math.min(settings.maxRequestSize(), limits.maxMessageBytes(dlt).orElse(settings.maxRequestSize()));
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        byte[] value = record.value() == null ? null : record.value().bytes();
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of(source.topic(), source.partition(), source.offset(),
                record.timestamp(), key, value, record.headers(), reason, max);
        context.forward(new Record<String, CatalogOutput>(record.key(), new DeadLetterOutput(dead.key(), dead.value()),
                record.timestamp(), dead.headers()));
        metrics.deadLetter(reason.getClass().getSimpleName());
        log.warn("{}-{}@{} not executed, sent to {}{}: {}", source.topic(), source.partition(), source.offset(), dlt,
                DeadLetter.isTruncated(dead.headers()) ? " (cut to fit)" : "", LogSafe.text(reason(reason)));
        log.debug("{}-{}@{}: the reason's stack", source.topic(), source.partition(), source.offset(), reason);
    }

    /** The reason as dead-letter headers and error replies state it. */
    static String reason(RuntimeException reason) {
        return reason.getClass().getSimpleName() + ": " + DeadLetterHeaders.reasonText(reason);
    }
}
