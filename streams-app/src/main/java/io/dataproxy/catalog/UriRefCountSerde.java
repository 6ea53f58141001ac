package io.dataproxy.catalog;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value of {@code catalog-uri-refs}. A referenced uri is the count alone, 8 bytes big-endian: exactly what
 * the store held before releases had a grace period ({@code Serdes.Long()}), so existing changelogs restore as
 * they are. A pending release appends its due time: 16 bytes.
 */
final class UriRefCountSerde implements Serde<UriRefCount> {

    @Override
    public Serializer<UriRefCount> serializer() {
        return (topic, count) -> {
            if (count == null) {
                return null;
            }
            if (!count.releasePending()) {
                return ByteBuffer.allocate(8).putLong(count.references()).array();
            }
            return ByteBuffer.allocate(16).putLong(count.references()).putLong(count.releaseDueAt()).array();
        };
    }

    @Override
    public Deserializer<UriRefCount> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return switch (bytes.length) {
                case 8 -> UriRefCount.referenced(buffer.getLong());
                case 16 -> new UriRefCount(buffer.getLong(), buffer.getLong());
                default -> throw new SerializationException("a uri reference count has 8 or 16 bytes, got " + bytes.length);
            };
        };
    }
}
