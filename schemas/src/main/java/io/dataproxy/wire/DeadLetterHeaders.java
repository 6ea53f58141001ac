package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers on a dead letter ({@code <topic>-dlt}), named as Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} names them, so existing tooling reads them.
 */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

    /**
     * Present when the dead letter is not the original record byte for byte, because it would not have fit under
     * the size limit: what was cut, comma-separated ({@code value}, {@code headers}, {@code key}). Such a dead
     * letter is evidence, not something to redrive.
     */
    public static final String TRUNCATED = "dataproxy_dlt-truncated";
    /** With {@link #TRUNCATED}: the original value's size in bytes (decimal text). */
    public static final String ORIGINAL_VALUE_SIZE = "dataproxy_dlt-original-value-size";
    /** With {@link #TRUNCATED}: the original key's size in bytes, when the key was cut. */
    public static final String ORIGINAL_KEY_SIZE = "dataproxy_dlt-original-key-size";
    /** With {@link #TRUNCATED}: the names of the original headers left out, comma-separated. */
    public static final String DROPPED_HEADERS = "dataproxy_dlt-dropped-headers";

    /** {@link #EXCEPTION_MESSAGE} is cut to this many characters: a reason, not a copy of the record. */
    static final int MAX_REASON_CHARS = 1000;

    /**
     * The headers of a dead letter: the original record's headers, then where it came from and why it
     * could not be read. Values are UTF-8 text (not Spring's binary ints), so console tools show them.
     */
    public static Headers describe(String topic, int partition, long offset, long timestamp, Headers original,
                                   Exception reason) {
        Headers headers = new RecordHeaders(original == null ? new Header[0] : original.toArray());
        headers.add(ORIGINAL_TOPIC, utf8(topic));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(partition)));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(offset)));
        headers.add(ORIGINAL_TIMESTAMP, utf8(Long.toString(timestamp)));
        headers.add(EXCEPTION_FQCN, utf8(reason.getClass().getName()));
        headers.add(EXCEPTION_MESSAGE, utf8(reasonText(reason)));
        return headers;
    }

    /** {@link #describe(String, int, long, long, Headers, Exception)} for a consumed record. */
    public static Headers describe(ConsumerRecord<?, ?> record, Exception reason) {
        return describe(record.topic(), record.partition(), record.offset(), record.timestamp(), record.headers(), reason);
    }

    /** The exception's message (at most {@value #MAX_REASON_CHARS} characters), or its simple name when it has none. */
    public static String reasonText(Exception reason) {
        String text = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The dead-letter topic of {@code topic}. */
    public static String deadLetterTopic(String topic) {
        return topic + "-dlt";
    }

    private DeadLetterHeaders() {
    }
}
