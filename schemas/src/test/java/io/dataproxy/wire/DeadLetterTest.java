package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeadLetterTest {

    private static final int LIMIT = 1_048_576; // Kafka's default max.request.size
    private static final SerializationException REASON = new SerializationException("unknown magic byte 0x7b");

    @Test
    void aRecordThatFitsIsCopiedByteForByteWithItsReason() {
        byte[] value = "{not avro}".getBytes(StandardCharsets.UTF_8);
        Headers original = new RecordHeaders().add("kafka_correlationId", new byte[] {1, 2, 3});
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 2, 41, 1_700_000_000_000L, key("k"), value, original,
                REASON, LIMIT);
        assertThat(dead.topic()).isEqualTo("requests-dlt");
        assertThat(dead.key()).isEqualTo(key("k"));
        assertThat(dead.value()).isEqualTo(value);
        assertThat(text(dead, "kafka_correlationId")).isEqualTo("\u0001\u0002\u0003");
        assertThat(text(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("requests");
        assertThat(DeadLetterHeaders.originalPartition(dead.headers())).hasValue(2);
        assertThat(DeadLetterHeaders.originalOffset(dead.headers())).hasValue(41);
        assertThat(DeadLetterHeaders.originalTimestamp(dead.headers())).hasValue(1_700_000_000_000L);
        assertThat(text(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("unknown magic byte 0x7b");
        assertThat(DeadLetter.isTruncated(dead.headers())).isFalse();
    }

    /** Spring's encodings (what its readers take), and the decimal text an earlier version wrote, both read back. */
    @Test
    void originNumbersAreSpringsBinaryAndEarlierTextStillReads() {
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 7, 1L << 40, 1_700_000_000_123L, key("k"),
                new byte[1], new RecordHeaders(), REASON, LIMIT);
        assertThat(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION).value())
                .isEqualTo(java.nio.ByteBuffer.allocate(4).putInt(7).array());
        assertThat(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value())
                .isEqualTo(java.nio.ByteBuffer.allocate(8).putLong(1L << 40).array());
        assertThat(DeadLetterHeaders.originalTimestamp(dead.headers())).hasValue(1_700_000_000_123L);

        Headers legacy = new RecordHeaders().add(DeadLetterHeaders.ORIGINAL_PARTITION, "12".getBytes(StandardCharsets.UTF_8))
                .add(DeadLetterHeaders.ORIGINAL_OFFSET, "12345678".getBytes(StandardCharsets.UTF_8));
        assertThat(DeadLetterHeaders.originalPartition(legacy)).hasValue(12);
        assertThat(DeadLetterHeaders.originalOffset(legacy)).as("eight digits are text, not a long").hasValue(12_345_678);
        assertThat(DeadLetterHeaders.originalTimestamp(legacy)).isEmpty();
        assertThat(DeadLetterHeaders.number("x1".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    /** A value just under the limit: the dead-letter headers push it over, so the value is cut to what fits. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 400, 1_000, 5_000})
    void aValueNearTheLimitIsCutToFitAndSaysSo(int underTheLimitBy) {
        byte[] value = new byte[LIMIT - 100 - underTheLimitBy];
        Arrays.fill(value, (byte) 'x');
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 0, 7, 0, key("request-1"), value, new RecordHeaders(),
                REASON, LIMIT);
        assertThat(size(dead)).isLessThanOrEqualTo(LIMIT);
        assertThat(dead.key()).isEqualTo(key("request-1"));
        if (dead.value().length < value.length) {
            assertThat(text(dead, DeadLetterHeaders.TRUNCATED)).isEqualTo("value");
            assertThat(text(dead, DeadLetterHeaders.ORIGINAL_VALUE_SIZE)).isEqualTo(Integer.toString(value.length));
            assertThat(dead.value()).isEqualTo(Arrays.copyOf(value, dead.value().length));
            assertThat(LIMIT - size(dead)).as("cut no more than needed").isLessThan(8);
        } else {
            assertThat(DeadLetter.isTruncated(dead.headers())).isFalse();
        }
        assertThat(text(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("unknown magic byte 0x7b");
    }

    @Test
    void anOversizedHeaderIsLeftOutWhenCuttingTheValueIsNotEnough() {
        Headers original = new RecordHeaders()
                .add("kafka_correlationId", new byte[LIMIT - 300])
                .add("kafka_replyTopic", "replies".getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 0, 7, 0, key("r"), new byte[200], original, REASON, LIMIT);
        assertThat(size(dead)).isLessThanOrEqualTo(LIMIT);
        assertThat(dead.headers().lastHeader("kafka_correlationId")).isNull();
        assertThat(text(dead, "kafka_replyTopic")).isEqualTo("replies");
        assertThat(text(dead, DeadLetterHeaders.DROPPED_HEADERS)).isEqualTo("kafka_correlationId");
        assertThat(text(dead, DeadLetterHeaders.TRUNCATED)).isEqualTo("headers");
        assertThat(dead.value()).hasSize(200);
        assertThat(text(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("requests");
    }

    @Test
    void aKeyTooLargeForAnyDeadLetterIsCutLast() {
        byte[] key = new byte[LIMIT];
        Arrays.fill(key, (byte) 'k');
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 0, 7, 0, key, new byte[10], new RecordHeaders(), REASON,
                LIMIT);
        assertThat(size(dead)).isLessThanOrEqualTo(LIMIT);
        assertThat(text(dead, DeadLetterHeaders.TRUNCATED)).isEqualTo("value,key");
        assertThat(text(dead, DeadLetterHeaders.ORIGINAL_KEY_SIZE)).isEqualTo(Integer.toString(LIMIT));
        assertThat(dead.key().length).isGreaterThan(LIMIT - 2_000);
        assertThat(text(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("unknown magic byte 0x7b");
    }

    @Test
    void aNullValueStaysNull() {
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 0, 7, 0, key("r"), null,
                new RecordHeaders().add("big", new byte[LIMIT]), REASON, LIMIT);
        assertThat(size(dead)).isLessThanOrEqualTo(LIMIT);
        assertThat(dead.value()).isNull();
        assertThat(text(dead, DeadLetterHeaders.DROPPED_HEADERS)).isEqualTo("big");
    }

    @Test
    void aLongReasonIsCut() {
        ProducerRecord<byte[], byte[]> dead = DeadLetter.of("requests", 0, 7, 0, key("r"), new byte[1],
                new RecordHeaders(), new SerializationException("x".repeat(100_000)), LIMIT);
        assertThat(text(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).hasSizeLessThanOrEqualTo(DeadLetterHeaders.MAX_REASON_CHARS + 1);
    }

    private static int size(ProducerRecord<byte[], byte[]> record) {
        return RecordSize.of(record.key(), record.value(), record.headers().toArray());
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ProducerRecord<byte[], byte[]> record, String header) {
        Header h = record.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
