package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The dead letter of a record: to {@code <topic>-dlt}, with the original key, value and headers and the
 * {@link DeadLetterHeaders} that say where it came from and why it could not be handled.
 *
 * <p>A dead letter always lands, so it is built to fit {@code maxRecordBytes}: a record close to the limit grows
 * by its dead-letter headers and would be refused. Then the value is cut to what fits; if even an empty value
 * does not fit, the largest original headers are left out, then the key is cut. The dead-letter headers always
 * stay, and {@link DeadLetterHeaders#TRUNCATED} says what was cut and how large it was.
 */
public final class DeadLetter {

    private DeadLetter() {
    }

    /** The dead letter of a consumed record. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> record, Exception reason, int maxRecordBytes) {
        return of(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value(),
                record.headers(), reason, maxRecordBytes);
    }

    public static ProducerRecord<byte[], byte[]> of(String topic, int partition, long offset, long timestamp, byte[] key,
                                                    byte[] value, Headers original, Exception reason, int maxRecordBytes) {
        String dlt = DeadLetterHeaders.deadLetterTopic(topic);
        Header[] originals = original == null ? new Header[0] : original.toArray();
        Header[] describing = DeadLetterHeaders.describe(topic, partition, offset, timestamp, null, reason).toArray();
        Header[] whole = concat(List.of(originals), describing);
        if (RecordSize.of(key, value, whole) <= maxRecordBytes) {
            return new ProducerRecord<>(dlt, null, key, value, Arrays.asList(whole));
        }
        List<Header> kept = new ArrayList<>(List.of(originals));
        List<String> dropped = new ArrayList<>();
        byte[] cutKey = key;
        while (true) {
            Header[] headers = concat(kept, describing);
            Header[] marked = withTruncation(headers, value, key, cutKey != key, dropped, true);
            int room = value == null ? (RecordSize.of(cutKey, null, marked) <= maxRecordBytes ? 0 : -1)
                    : RecordSize.valueRoom(cutKey, marked, maxRecordBytes);
            if (room >= 0 || (kept.isEmpty() && cutKey != key)) {
                byte[] cutValue = value == null || room >= value.length ? value : Arrays.copyOf(value, Math.max(room, 0));
                boolean valueCut = value != null && cutValue.length < value.length;
                return new ProducerRecord<>(dlt, null, cutKey, cutValue,
                        Arrays.asList(withTruncation(headers, value, key, cutKey != key, dropped, valueCut)));
            }
            if (!kept.isEmpty()) {
                Header largest = kept.stream().max(Comparator.comparingInt(DeadLetter::size)).orElseThrow();
                kept.remove(largest);
                dropped.add(largest.key());
            } else {
                // Only the key is left to cut: keep as much of it as fits beside the headers and an empty value
                // (a key of n bytes beside an empty value takes what a null key beside a value of n bytes does).
                int keyRoom = RecordSize.valueRoom(null, withTruncation(headers, value, key, true, dropped, value != null),
                        maxRecordBytes);
                cutKey = key == null ? new byte[0] : Arrays.copyOf(key, Math.max(0, Math.min(key.length, keyRoom)));
            }
        }
    }

    /** True when the dead letter is not the original record byte for byte. */
    public static boolean isTruncated(Headers headers) {
        return headers.lastHeader(DeadLetterHeaders.TRUNCATED) != null;
    }

    private static Header[] withTruncation(Header[] headers, byte[] value, byte[] key, boolean keyCut, List<String> dropped,
                                           boolean valueCut) {
        List<String> what = new ArrayList<>(3);
        if (valueCut) {
            what.add("value");
        }
        if (!dropped.isEmpty()) {
            what.add("headers");
        }
        if (keyCut) {
            what.add("key");
        }
        List<Header> marks = new ArrayList<>(4);
        marks.add(text(DeadLetterHeaders.TRUNCATED, String.join(",", what)));
        if (value != null) {
            marks.add(text(DeadLetterHeaders.ORIGINAL_VALUE_SIZE, Integer.toString(value.length)));
        }
        if (keyCut && key != null) {
            marks.add(text(DeadLetterHeaders.ORIGINAL_KEY_SIZE, Integer.toString(key.length)));
        }
        if (!dropped.isEmpty()) {
            marks.add(text(DeadLetterHeaders.DROPPED_HEADERS, LogSafe.text(String.join(",", dropped))));
        }
        return concat(List.of(headers), marks.toArray(new Header[0]));
    }

    private static int size(Header header) {
        return header.key().length() + (header.value() == null ? 0 : header.value().length);
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Header[] concat(List<Header> first, Header[] second) {
        Header[] all = Arrays.copyOf(first.toArray(new Header[0]), first.size() + second.length);
        System.arraycopy(second, 0, all, first.size(), second.length);
        return all;
    }
}
