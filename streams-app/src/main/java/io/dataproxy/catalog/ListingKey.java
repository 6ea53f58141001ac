package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key of ListArtifacts' index ({@link CatalogTopology#LISTING_INDEX_STORE}), in the order the listing returns:
 * the dataset key (UTF-8), {@code 0x00}, {@code created_at} inverted (8 bytes, big-endian), then the artifact id
 * (UTF-8). RocksDB orders keys by unsigned bytes, so a dataset's entries lie together (a dataset key has no control
 * character, see {@link StoreKeys}), newest first, and ties on {@code created_at} by the id's UTF-8 bytes.
 *
 * <p>{@code created_at ^ Long.MAX_VALUE} keeps the sign bit and flips the others: for every long, a later time
 * gives a smaller unsigned value, so no range of times (a negative one included) breaks the order.
 */
public record ListingKey(String datasetKey, long createdAt, String artifactId) {

    private static final byte SEPARATOR = 0;
    /** Sorts after every key of the dataset and before any other dataset's: no dataset key holds a {@code 0x01}. */
    private static final byte PAST_DATASET = 1;

    static ListingKey of(String datasetKey, Artifact artifact) {
        return new ListingKey(datasetKey, artifact.getCreatedAt().toEpochMilli(), artifact.getArtifactId());
    }

    public byte[] toBytes() {
        byte[] dataset = datasetKey.getBytes(StandardCharsets.UTF_8);
        byte[] id = artifactId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(dataset.length + 9 + id.length).put(dataset).put(SEPARATOR)
                .putLong(createdAt ^ Long.MAX_VALUE).put(id).array();
    }

    static ListingKey fromBytes(byte[] bytes) {
        int at = 0;
        while (at < bytes.length && bytes[at] != SEPARATOR) {
            at++; // the first 0x00 ends the dataset key: UTF-8 has no 0x00 but for NUL, which a dataset key never holds
        }
        if (bytes.length < at + 9) {
            throw new IllegalArgumentException("not a listing index key: " + bytes.length + " bytes");
        }
        long createdAt = ByteBuffer.wrap(bytes, at + 1, 8).getLong() ^ Long.MAX_VALUE;
        return new ListingKey(new String(bytes, 0, at, StandardCharsets.UTF_8), createdAt,
                new String(bytes, at + 9, bytes.length - at - 9, StandardCharsets.UTF_8));
    }

    /** The smallest key after this one: nothing sorts between a key and the key with a {@code 0x00} appended. */
    byte[] successor() {
        byte[] key = toBytes();
        return Arrays.copyOf(key, key.length + 1);
    }

    /** The first key a dataset's entries can have (inclusive). */
    static byte[] datasetStart(String datasetKey) {
        byte[] dataset = datasetKey.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(dataset, dataset.length + 1); // ends in SEPARATOR (0)
    }

    /** A key past every entry of the dataset that no entry can equal (an inclusive bound is safe). */
    static byte[] datasetEnd(String datasetKey) {
        byte[] start = datasetStart(datasetKey);
        start[start.length - 1] = PAST_DATASET;
        return start;
    }
}
