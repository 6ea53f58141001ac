package io.dataproxy.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers on a dead letter ({@code <topic>-dlt}), named and encoded as Spring Kafka's
 * {@code DeadLetterPublishingRecoverer} writes them, so Spring's readers (and tools built for them) read ours: the
 * original topic and the exception as UTF-8 text, the original partition as a 4-byte big-endian int, the offset and
 * timestamp as 8-byte big-endian longs. Using Spring's names with other encodings would break exactly the consumers
 * the names promise to serve; people read the numbers through {@code dataproxy tail} and the console formatter,
 * which show them as numbers. The readers here ({@link #originalOffset} and friends) also take the decimal text an
 * earlier version wrote.
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
     * The headers of a dead letter: the original record's headers, then where it came from and why it could not be
     * read, encoded as Spring writes them.
     */
    public static Headers describe(String topic, int partition, long offset, long timestamp, Headers original,
                                   Exception reason) {
        Headers headers = new RecordHeaders(original == null ? new Header[0] : original.toArray());
        headers.add(ORIGINAL_TOPIC, utf8(topic));
        headers.add(ORIGINAL_PARTITION, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
        headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        headers.add(ORIGINAL_TIMESTAMP, ByteBuffer.allocate(Long.BYTES).putLong(timestamp).array());
        headers.add(EXCEPTION_FQCN, utf8(reason.getClass().getName()));
        headers.add(EXCEPTION_MESSAGE, utf8(reasonText(reason)));
        return headers;
    }

    /** The original partition: Spring's 4-byte int, or the decimal text an earlier version wrote. */
    public static OptionalInt originalPartition(Headers headers) {
        OptionalLong value = number(headers, ORIGINAL_PARTITION);
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    /** The original offset: Spring's 8-byte long, or decimal text. */
    public static OptionalLong originalOffset(Headers headers) {
        return number(headers, ORIGINAL_OFFSET);
    }

    /** The original timestamp (epoch milliseconds): Spring's 8-byte long, or decimal text. */
    public static OptionalLong originalTimestamp(Headers headers) {
        return number(headers, ORIGINAL_TIMESTAMP);
    }

    /** True for the headers this class writes as binary numbers. */
    public static boolean isNumber(String header) {
        return header.equals(ORIGINAL_PARTITION) || header.equals(ORIGINAL_OFFSET) || header.equals(ORIGINAL_TIMESTAMP);
    }

    /** A number header's value as written: 4 or 8 bytes big-endian, or decimal UTF-8 text; empty when neither. */
    public static OptionalLong number(byte[] value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value.length == Integer.BYTES || value.length == Long.BYTES) {
            boolean text = true;
            for (byte b : value) {
                text &= b >= '0' && b <= '9';
            }
            if (!text) {
                return OptionalLong.of(value.length == Integer.BYTES ? ByteBuffer.wrap(value).getInt() : ByteBuffer.wrap(value).getLong());
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(new String(value, StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong number(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? OptionalLong.empty() : number(header.value());
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
