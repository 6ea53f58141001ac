package io.dataproxy.catalog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.catalog.TopicLimits;
import io.dataproxy.registry.SchemaRegistryException;
import io.dataproxy.wire.DeadLetter;
import io.dataproxy.wire.DeadLetterHeaders;
import io.dataproxy.wire.RecordSize;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The safety net: a send refused for a reason of its own record becomes a dead letter that fits; anything else fails. */
class ProductionDeadLettersTest {

    private static final int DLT_LIMIT = 5_000;
    private static final byte[] COMMAND = "the command".getBytes(StandardCharsets.UTF_8);

    private final ProductionDeadLetters handler = new ProductionDeadLetters();

    ProductionDeadLettersTest() {
        handler.configure(Map.of(CatalogConfig.COMMANDS_TOPIC_CONFIG, "my.commands",
                CatalogConfig.TOPIC_LIMITS_CONFIG, (TopicLimits) topic -> OptionalInt.of(topic.endsWith("-dlt") ? DLT_LIMIT : 1_048_588)));
    }

    @Test
    void aRecordTooLargeGoesToTheCommandsDeadLetterTopicCutToFit() {
        ProducerRecord<byte[], byte[]> refused = new ProducerRecord<>("my.replies", null, "k".getBytes(StandardCharsets.UTF_8),
                new byte[2_000_000], new RecordHeaders());
        for (Exception e : new Exception[] {new RecordTooLargeException("too large"), new InvalidTopicException("bad"),
                new TopicAuthorizationException("denied")}) {
            Response response = handler.handleError(context("my.commands"), refused, e);
            assertThat(response.result()).as(e.toString()).isEqualTo(Result.RESUME);
            ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
            assertThat(dead.topic()).isEqualTo("my.commands-dlt");
            assertThat(RecordSize.of(dead.key(), dead.value(), dead.headers().toArray())).isLessThanOrEqualTo(DLT_LIMIT);
            assertThat(DeadLetter.isTruncated(dead.headers())).isTrue();
            assertThat(text(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("my.replies", e.getClass().getSimpleName());
            assertThat(DeadLetterHeaders.originalOffset(dead.headers())).hasValue(42);
        }
    }

    @Test
    void whatNoRecordCausedFails() {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("my.replies", new byte[1], new byte[1]);
        assertThat(handler.handleError(context("my.commands"), record, new ProducerFencedException("fenced")).result())
                .isEqualTo(Result.FAIL);
        assertThat(handler.handleError(context("my.commands"), record, new TimeoutException("slow")).result())
                .isEqualTo(Result.FAIL);
        SerializationException outage = new SerializationException("could not register",
                new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0, "connection refused"));
        assertThat(handler.handleSerializationError(context("my.commands"), new ProducerRecord<>("catalog.events", "v"), outage,
                SerializationExceptionOrigin.VALUE).result()).isEqualTo(Result.FAIL);
    }

    @Test
    void aValueThatCannotBeSerializedDeadLettersTheCommandThatMadeIt() {
        SerializationException refused = new SerializationException("incompatible schema",
                new SchemaRegistryException(409, 409, "Schema being registered is incompatible"));
        Response response = handler.handleSerializationError(context("my.commands"), new ProducerRecord<>("catalog.events", "v"),
                refused, SerializationExceptionOrigin.VALUE);
        assertThat(response.result()).isEqualTo(Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.value()).isEqualTo(COMMAND);
        assertThat(text(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("catalog.events", "incompatible");
    }

    @Test
    void aPunctuationsRecordHasNoSourceAndGoesToTheCommandsDeadLetterTopic() {
        Response response = handler.handleError(context(null), new ProducerRecord<>("catalog.events", new byte[1], new byte[10]),
                new RecordTooLargeException("too large"));
        assertThat(response.deadLetterQueueRecords().get(0).topic()).isEqualTo("my.commands-dlt");
    }

    private static ErrorHandlerContext context(String topic) {
        return new ErrorHandlerContext() {
            public String topic() {
                return topic;
            }

            public int partition() {
                return topic == null ? -1 : 1;
            }

            public long offset() {
                return topic == null ? -1 : 42;
            }

            public Headers headers() {
                return new RecordHeaders();
            }

            public String processorNodeId() {
                return "catalog-replies-sink";
            }

            public TaskId taskId() {
                return new TaskId(0, 1);
            }

            public long timestamp() {
                return 7L;
            }

            public byte[] sourceRawKey() {
                return topic == null ? null : "k".getBytes(StandardCharsets.UTF_8);
            }

            public byte[] sourceRawValue() {
                return topic == null ? null : COMMAND;
            }
        };
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
