package io.dataproxy.catalog.app;

import io.dataproxy.catalog.CatalogSettings;
import io.dataproxy.catalog.RegistryOutage;
import io.dataproxy.catalog.TopicLimits;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.LogSafe;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A safety net behind the processor's sizing and routing, which keep every record the catalog writes within its
 * topic's limits: should a write still be refused for a reason that belongs to that one record (too large, an
 * invalid topic, a topic the catalog may not write, a value that cannot be serialized), the record goes to
 * {@code <commands>-dlt} (cut to fit, {@link DeadLetter}) with one log line, instead of failing the stream thread.
 * Anything else (a fenced producer, a schema registry that cannot answer) fails as before.
 *
 * <p>Under exactly-once, a producer that had a send refused may also have its transaction aborted, in which case
 * Kafka Streams retries the task from its last commit; Kafka Streams itself treats an invalid topic and an
 * authorization error as fatal and does not consult this handler. That is why the processor decides sizes and
 * topics before it sends.
 */
public final class ProductionDeadLetters implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProductionDeadLetters.class);

    private String commandsTopic;
    private int maxRequestSize;
    private TopicLimits limits;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(CatalogConfig.COMMANDS_TOPIC_CONFIG);
        commandsTopic = topic == null ? CatalogSettings.COMMANDS_TOPIC : topic.toString();
        Object size = configs.get(CatalogConfig.MAX_REQUEST_SIZE_CONFIG);
        maxRequestSize = size == null ? CatalogSettings.DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(size.toString());
        Object given = configs.get(CatalogConfig.TOPIC_LIMITS_CONFIG);
        limits = given instanceof TopicLimits l ? l : TopicLimits.everyTopic(maxRequestSize);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof InvalidTopicException
                || exception instanceof TopicAuthorizationException)) {
            return Response.fail();
        }
        return Response.resume(List.of(deadLetter(context, record.topic(), record.key(), record.value(), record.headers(),
                exception)));
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (RegistryOutage.isOutage(exception)) {
            return Response.fail();
        }
        // the record was never serialized: what is kept is the command that produced it
        return Response.resume(List.of(deadLetter(context, record.topic(), context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, String output, byte[] key, byte[] value,
                                                      Headers headers, Exception exception) {
        UnwritableOutputException reason = new UnwritableOutputException("could not write a record to " + output + ": "
                + exception.getClass().getSimpleName() + ": " + DeadLetterHeaders.reasonText(exception));
        String source = context.topic() == null ? commandsTopic : context.topic();
        String dlt = DeadLetterHeaders.deadLetterTopic(source);
        int max = Math.min(maxRequestSize, limits.maxMessageBytes(dlt).orElse(maxRequestSize));
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of(source, context.partition(), context.offset(), context.timestamp(),
                key, value, headers, reason, max);
        log.warn("{}-{}@{}: {}; sent to {} instead", source, context.partition(), context.offset(),
                LogSafe.text(reason.getMessage()), dlt);
        log.debug("{}-{}@{}: the refusal's stack", source, context.partition(), context.offset(), exception);
        return dead;
    }

    /** The reason of a dead letter whose record the producer or its serializer refused. */
    static final class UnwritableOutputException extends RuntimeException {
        UnwritableOutputException(String message) {
            super(message, null, false, false);
        }
    }
}
