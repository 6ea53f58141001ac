package io.dataproxy.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key of the expiry index: 8-byte big-endian {@code expires_at} (epoch millis), one kind byte, then the
 * entry's store key (UTF-8). Big-endian because RocksDB orders keys by unsigned bytes: for the non-negative
 * epoch millis we store, that order is the numeric order, so a scan from the start meets the earliest
 * expiries first and can stop at the first key in the future.
 */
public record ExpiryKey(long expiresAt, Kind kind, String storeKey) {

    /** What the entry points at; the byte is part of the stored key, so never renumber. */
    public enum Kind {
        ARTIFACT((byte) 'A'), RESERVATION((byte) 'R');

        final byte code;

        Kind(byte code) {
            this.code = code;
        }

        static Kind of(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown expiry index kind byte " + code);
        }
    }

    public static ExpiryKey artifact(long expiresAt, String artifactStoreKey) {
        return new ExpiryKey(expiresAt, Kind.ARTIFACT, artifactStoreKey);
    }

    public static ExpiryKey reservation(long expiresAt, String reservationStoreKey) {
        return new ExpiryKey(expiresAt, Kind.RESERVATION, reservationStoreKey);
    }

    public byte[] toBytes() {
        byte[] key = storeKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + key.length).putLong(expiresAt).put(kind.code).put(key).array();
    }

    public static ExpiryKey fromBytes(byte[] bytes) {
        if (bytes.length < 9) {
            throw new IllegalArgumentException("an expiry index key has at least 9 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long expiresAt = buffer.getLong();
        Kind kind = Kind.of(buffer.get());
        return new ExpiryKey(expiresAt, kind, new String(Arrays.copyOfRange(bytes, 9, bytes.length), StandardCharsets.UTF_8));
    }

    /** Whether the entry is due at {@code now}: an entry expires at its {@code expires_at}, inclusive. */
    public boolean isDue(long now) {
        return expiresAt <= now;
    }
}
