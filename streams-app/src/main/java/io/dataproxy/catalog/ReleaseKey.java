package io.dataproxy.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key of the pending-release index: 8-byte big-endian {@code dueAt} (wall-clock epoch millis), then the
 * uri (UTF-8). Laid out like {@link ExpiryKey} and for the same reason: RocksDB orders keys by unsigned bytes,
 * which for non-negative millis is the numeric order, so a scan from the start meets the earliest releases first
 * and can stop at the first one still in its grace period.
 */
public record ReleaseKey(long dueAt, String uri) {

    public byte[] toBytes() {
        byte[] key = uri.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + key.length).putLong(dueAt).put(key).array();
    }

    public static ReleaseKey fromBytes(byte[] bytes) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("a release index key has at least 8 bytes, got " + bytes.length);
        }
        return new ReleaseKey(ByteBuffer.wrap(bytes).getLong(), new String(Arrays.copyOfRange(bytes, 8, bytes.length), StandardCharsets.UTF_8));
    }

    /** Whether the release may be published at {@code now}: its grace period ends at {@code dueAt}, inclusive. */
    public boolean isDue(long now) {
        return dueAt <= now;
    }
}
