package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * How many bytes a record takes when the producer sends it in a batch of its own: the figure the producer
 * compares with {@code max.request.size} before sending, and an upper bound of what the broker compares
 * with the topic's {@code max.message.bytes} (compression only makes a batch smaller).
 *
 * <p>Written by hand from the record format (v2: a 61-byte batch header, then the record with varint
 * lengths) because Kafka keeps its own estimate in an internal package; a test checks it against Kafka's.
 */
public final class RecordSize {

    /** A v2 record batch's header. */
    static final int BATCH_OVERHEAD = 61;
    private static final int MAX_VARINT_BYTES = 5;

    private RecordSize() {
    }

    /** The upper bound of the record's size in a batch of its own; {@code null} key, value and headers allowed. */
    public static int of(byte[] key, byte[] value, Header[] headers) {
        return of(length(key), length(value), headers);
    }

    /**
     * The largest value, in bytes, that a record with this key and these headers may carry and still take at
     * most {@code maxBytes}; negative when even an empty value does not fit.
     */
    public static int valueRoom(byte[] key, Header[] headers, int maxBytes) {
        int room = maxBytes - of(length(key), 0, headers);
        // a longer value needs a longer varint length (up to 4 more bytes, in the record's length too)
        while (room > 0 && of(length(key), room, headers) > maxBytes) {
            room--;
        }
        return room;
    }

    /** @param keyLength, valueLength -1 for null */
    private static int of(int keyLength, int valueLength, Header[] headers) {
        int body = 1 // attributes
                + ByteUtils.sizeOfVarlong(Long.MAX_VALUE) // timestamp delta, at its widest
                + ByteUtils.sizeOfVarint(Integer.MAX_VALUE) // offset delta, at its widest
                + bytesField(keyLength)
                + bytesField(valueLength)
                + headersField(headers);
        return BATCH_OVERHEAD + MAX_VARINT_BYTES + body; // the record's length prefix, at its widest
    }

    private static int length(byte[] bytes) {
        return bytes == null ? -1 : bytes.length;
    }

    private static int bytesField(int length) {
        return length < 0 ? 1 : ByteUtils.sizeOfVarint(length) + length;
    }

    private static int bytesField(byte[] bytes) {
        return bytesField(length(bytes));
    }

    private static int headersField(Header[] headers) {
        if (headers == null) {
            return ByteUtils.sizeOfVarint(0);
        }
        int size = ByteUtils.sizeOfVarint(headers.length);
        for (Header header : headers) {
            size += bytesField(header.key().getBytes(StandardCharsets.UTF_8)) + bytesField(header.value());
        }
        return size;
    }
}
