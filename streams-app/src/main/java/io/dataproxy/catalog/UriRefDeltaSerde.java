package io.dataproxy.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value of the internal uri-reference repartition topic. Only this app reads and writes that topic, and
 * only until the records are consumed, so a small fixed binary layout is enough: a format byte (1), the delta
 * (int), the time (long), then the dataset key and the uri (each an int length and UTF-8 bytes).
 */
final class UriRefDeltaSerde implements Serde<UriRefDelta> {

    private static final byte FORMAT = 1;

    @Override
    public Serializer<UriRefDelta> serializer() {
        return (topic, delta) -> {
            if (delta == null) {
                return null;
            }
            byte[] dataset = delta.datasetKey().getBytes(StandardCharsets.UTF_8);
            byte[] uri = delta.uri().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + 8 + 4 + dataset.length + 4 + uri.length)
                    .put(FORMAT).putInt(delta.delta()).putLong(delta.at())
                    .putInt(dataset.length).put(dataset).putInt(uri.length).put(uri).array();
        };
    }

    @Override
    public Deserializer<UriRefDelta> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                if (buffer.get() != FORMAT) {
                    throw new SerializationException("unknown uri reference delta format " + bytes[0]);
                }
                int delta = buffer.getInt();
                long at = buffer.getLong();
                String datasetKey = string(buffer);
                String uri = string(buffer);
                return new UriRefDelta(uri, datasetKey, delta, at);
            } catch (RuntimeException e) {
                throw e instanceof SerializationException s ? s : new SerializationException("corrupt uri reference delta", e);
            }
        };
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
