package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class RecordSizeTest {

    /** Lengths around the varint steps (1, 2, 3 bytes) and Kafka's default limit. */
    private static final int[] LENGTHS = {0, 1, 63, 64, 65, 8191, 8192, 8193, 1 << 20, (1 << 20) + 1};

    @Test
    void equalsTheProducersOwnEstimate() {
        Random random = new Random(7);
        for (int keyLength : new int[] {-1, 0, 36, 8192}) {
            for (int valueLength : LENGTHS) {
                for (int headerCount : new int[] {0, 1, 3}) {
                    byte[] key = bytes(keyLength);
                    byte[] value = bytes(valueLength);
                    Header[] headers = new Header[headerCount];
                    for (int i = 0; i < headerCount; i++) {
                        headers[i] = new RecordHeader("h" + i + "-é", i == 1 ? null : bytes(random.nextInt(200)));
                    }
                    assertThat(RecordSize.of(key, value, headers))
                            .as("key %d, value %d, %d headers", keyLength, valueLength, headerCount)
                            .isEqualTo(AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                                    CompressionType.NONE, key, value, headers));
                }
            }
        }
        assertThat(RecordSize.of(null, null, null)).isEqualTo(AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE, (byte[]) null, null, new Header[0]));
    }

    @Test
    void valueRoomIsTheLargestValueThatFits() {
        Header[] headers = {new RecordHeader("kafka_correlationId", new byte[16])};
        for (int max : new int[] {200, 1_000, 8_300, 1 << 20, 1_048_588}) {
            int room = RecordSize.valueRoom(new byte[40], headers, max);
            assertThat(RecordSize.of(new byte[40], new byte[room], headers)).isLessThanOrEqualTo(max);
            assertThat(RecordSize.of(new byte[40], new byte[room + 1], headers)).isGreaterThan(max);
        }
        assertThat(RecordSize.valueRoom(new byte[500], headers, 300)).isNegative();
    }

    private static byte[] bytes(int length) {
        return length < 0 ? null : new byte[length];
    }
}
